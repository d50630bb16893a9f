package dev.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageScannerTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsPublisherSequenceAndStampOfAHeraldMessage() {
        String payload = Payload.of(3, 41, 123_456_789L, 100);
        byte[] line = bytes("MSG NEWS 17 1764095000000 " + payload + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.HERALD, "NEWS", 100, true);

        int next = scanner.scan(line, 0, line.length);

        assertEquals(line.length, next);
        assertTrue(scanner.message);
        assertEquals(3, scanner.publisher);
        assertEquals(41, scanner.sequence);
        assertEquals(123_456_789L, scanner.stamp);
    }

    @Test
    void readsARelayedPubLine() {
        byte[] line = bytes("PUB NEWS " + Payload.of(0, 9, 5, 60) + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.RELAY, "NEWS", 60, false);

        assertEquals(line.length, scanner.scan(line, 0, line.length));
        assertTrue(scanner.message);
        assertEquals(9, scanner.sequence);
    }

    @Test
    void waitsForTheRestOfALine() {
        byte[] line = bytes("MSG NEWS 17 1764095000000 " + Payload.of(1, 2, 3, 100) + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.HERALD, "NEWS", 100, true);

        assertEquals(MessageScanner.INCOMPLETE, scanner.scan(line, 0, line.length - 1));
        assertEquals(MessageScanner.INCOMPLETE, scanner.scan(line, 0, 10));
    }

    @Test
    void passesOverOtherFrames() {
        byte[] lines = bytes("ERR SLOW_CONSUMER too slow\nMSG NEWS 1 2 " + Payload.of(0, 0, 0, 40) + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.HERALD, "NEWS", 40, false);

        int next = scanner.scan(lines, 0, lines.length);

        assertFalse(scanner.message);
        assertEquals("ERR SLOW_CONSUMER too slow\n".length(), next);
        assertEquals(lines.length, scanner.scan(lines, next, lines.length));
        assertTrue(scanner.message);
    }

    @Test
    void findsTheLineEndWhenThePayloadIsShorterThanExpected() {
        byte[] lines = bytes("PUB NEWS 0.1.2.\nPUB NEWS 0.2.2.\n");
        MessageScanner scanner = new MessageScanner(Protocol.RELAY, "NEWS", 100, false);

        int next = scanner.scan(lines, 0, lines.length);

        assertEquals(lines.length / 2, next);
        assertEquals(1, scanner.sequence);
    }

    /** A QoS 0 {@code PUBLISH} as a broker delivers it: no packet id. */
    private static byte[] deliveredPublish(String topic, String payload) {
        byte[] topicField = Mqtt.topicField(topic);
        byte[] body = new byte[topicField.length + payload.length()];
        System.arraycopy(topicField, 0, body, 0, topicField.length);
        System.arraycopy(bytes(payload), 0, body, topicField.length, payload.length());
        byte[] length = body.length < 128 ? new byte[]{(byte) body.length}
                : new byte[]{(byte) (body.length & 0x7F | 0x80), (byte) (body.length >> 7)};
        byte[] packet = new byte[1 + length.length + body.length];
        packet[0] = (byte) Mqtt.PUBLISH;
        System.arraycopy(length, 0, packet, 1, length.length);
        System.arraycopy(body, 0, packet, 1 + length.length, body.length);
        return packet;
    }

    @Test
    void readsAnMqttPublishWhoseLengthTakesTwoBytes() {
        byte[] packet = deliveredPublish("NEWS", Payload.of(2, 77, 987_654_321L, 200));
        MessageScanner scanner = new MessageScanner(Protocol.MQTT, "NEWS", 200, true);

        assertEquals(packet.length, scanner.scan(packet, 0, packet.length));
        assertTrue(scanner.message);
        assertEquals(2, scanner.publisher);
        assertEquals(77, scanner.sequence);
        assertEquals(987_654_321L, scanner.stamp);
    }

    @Test
    void readsWhatAPublisherWritesAsAQos1Publish() {
        byte[] topic = Mqtt.topicField("NEWS");
        byte[] payload = bytes(Payload.of(4, 5, 6, 100));
        byte[] buf = new byte[Mqtt.publishMax(topic, payload.length, 4) + 3];
        int at = Mqtt.publishHead(buf, 3, topic, 65_535, payload.length, 4);
        System.arraycopy(payload, 0, buf, at, payload.length);
        int end = at + payload.length;
        MessageScanner scanner = new MessageScanner(Protocol.MQTT, "NEWS", 100, false);

        assertEquals(end, scanner.scan(buf, 3, end));
        assertTrue(scanner.message);
        assertEquals(4, scanner.publisher);
        assertEquals(5, scanner.sequence);
        assertEquals((byte) 0xFF, buf[3 + 2 + topic.length], "packet id, high byte");
    }

    @Test
    void waitsForTheRestOfAnMqttPacket() {
        byte[] packet = deliveredPublish("NEWS", Payload.of(1, 2, 3, 200));
        MessageScanner scanner = new MessageScanner(Protocol.MQTT, "NEWS", 200, false);

        assertEquals(MessageScanner.INCOMPLETE, scanner.scan(packet, 0, 2), "half the length");
        assertEquals(MessageScanner.INCOMPLETE, scanner.scan(packet, 0, packet.length - 1));
    }

    @Test
    void passesOverOtherMqttPacketsAsUnexpected() {
        byte[] pingResponse = {(byte) 0xD0, 0};
        MessageScanner scanner = new MessageScanner(Protocol.MQTT, "NEWS", 100, false);

        assertEquals(2, scanner.scan(pingResponse, 0, 2));
        assertFalse(scanner.message);
        assertTrue(scanner.unexpected(pingResponse, 0, 2));
        assertEquals("MQTT packet type 13 of 2 bytes", scanner.describe(pingResponse, 0, 2));
    }

    @Test
    void anEmptyLineIsNotWorthAFailureButAnotherFrameIs() {
        byte[] lines = bytes("\nERR INTERNAL x\n");
        MessageScanner scanner = new MessageScanner(Protocol.HERALD, "NEWS", 100, false);

        assertFalse(scanner.unexpected(lines, 0, 1));
        assertTrue(scanner.unexpected(lines, 1, lines.length));
        assertEquals("ERR INTERNAL x", scanner.describe(lines, 1, lines.length));
    }

    @Test
    void skipsThePropertiesOfAnMqtt5Delivery() {
        // Message Expiry Interval 60, then a User Property k=v: 12 bytes, and their length first
        String properties = "0c 02 0000003c 26 0001 6b 0001 76";
        String payload = Payload.of(1, 8, 42, 100);
        byte[] topic = Mqtt.topicField("NEWS");
        byte[] props = java.util.HexFormat.of().parseHex(properties.replace(" ", ""));
        byte[] packet = new byte[3 + topic.length + props.length + payload.length()];
        int body = topic.length + props.length + payload.length();
        packet[0] = (byte) Mqtt.PUBLISH;
        packet[1] = (byte) (body & 0x7F | 0x80);
        packet[2] = (byte) (body >> 7);
        System.arraycopy(topic, 0, packet, 3, topic.length);
        System.arraycopy(props, 0, packet, 3 + topic.length, props.length);
        System.arraycopy(bytes(payload), 0, packet, 3 + topic.length + props.length, payload.length());
        MessageScanner scanner = new MessageScanner(Protocol.MQTT5, "NEWS", 100, true);

        assertEquals(packet.length, scanner.scan(packet, 0, packet.length));
        assertTrue(scanner.message);
        assertEquals(1, scanner.publisher);
        assertEquals(8, scanner.sequence);
        assertEquals(42, scanner.stamp);
    }

    @Test
    void readsWhatAnMqtt5PublisherWritesAtEitherQos() {
        byte[] topic = Mqtt.topicField("NEWS");
        byte[] payload = bytes(Payload.of(4, 5, 6, 100));
        MessageScanner scanner = new MessageScanner(Protocol.MQTT5, "NEWS", 100, false);
        for (int packetId : new int[]{0, 9}) {
            byte[] buf = new byte[Mqtt.publishMax(topic, payload.length, 5)];
            int at = Mqtt.publishHead(buf, 0, topic, packetId, payload.length, 5);
            System.arraycopy(payload, 0, buf, at, payload.length);
            int end = at + payload.length;

            assertEquals(end, scanner.scan(buf, 0, end));
            assertTrue(scanner.message, "packet id " + packetId);
            assertEquals(5, scanner.sequence);
        }
    }

    @Test
    void anMqtt5PublishWhosePropertiesOverrunItIsNoMessage() {
        // topic "NEWS", property length 9 in a body of 8 bytes
        byte[] packet = {(byte) Mqtt.PUBLISH, 8, 0, 4, 'N', 'E', 'W', 'S', 9, '1'};
        MessageScanner scanner = new MessageScanner(Protocol.MQTT5, "NEWS", 100, false);

        assertEquals(packet.length, scanner.scan(packet, 0, packet.length));
        assertFalse(scanner.message);
    }
}
