package dev.herald.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static LineInput input(String hex) {
        return new LineInput(new ByteArrayInputStream(hex(hex)), 64);
    }

    /** CONNECT: clean session, keep-alive off, client id "ab"; SUBSCRIBE: packet id 1, "NEWS" at QoS 0. */
    @ParameterizedTest
    @CsvSource({
            // type 1, length 14; "MQTT", level 4, flags: clean session, keep-alive 0, client id
            "CONNECT, 4, 10 0e 0004 4d515454 04 02 0000 0002 6162",
            // length 15; level 5, flags: clean start, keep-alive 0, property length 0, client id
            "CONNECT, 5, 10 0f 0004 4d515454 05 02 0000 00 0002 6162",
            "SUBSCRIBE, 4, 82 09 0001 0004 4e455753 00",
            // 5.0: property length 0 after the packet id; subscription options 0 (QoS 0)
            "SUBSCRIBE, 5, 82 0a 0001 00 0004 4e455753 00"})
    void encodesTheHandshakeAtEitherLevel(String packet, int level, String bytes) {
        assertArrayEquals(hex(bytes), packet.equals("CONNECT") ? Mqtt.connect("ab", level) : Mqtt.subscribe("NEWS", level));
    }

    @Test
    void publishEncodesALongRemainingLengthInTwoBytes() throws IOException {
        byte[] topic = Mqtt.topicField("NEWS");
        byte[] payload = new byte[300];
        byte[] buf = new byte[Mqtt.publishMax(topic, payload.length, 4)];
        int end = Mqtt.publishHead(buf, 0, topic, 7, payload.length, 4) + payload.length;
        int[] length = new int[1];

        int body = Mqtt.body(buf, 0, end, length);

        assertEquals(0x32, buf[0] & 0xFF, "PUBLISH, QoS 1");
        assertEquals(3, body, "one type byte, two length bytes");
        assertEquals(6 + 2 + 300, length[0]);
        assertEquals(end, body + length[0]);
    }

    @Test
    void aLengthOfMoreThanFourBytesIsMalformed() {
        byte[] b = hex("30 ff ff ff ff 01");
        assertThrows(IOException.class, () -> Mqtt.body(b, 0, b.length, new int[1]));
    }

    @Test
    void acceptsAConnackAndASubackThatGrantQos0() throws IOException {
        LineInput in = input("20 02 00 00  90 03 0001 00");
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));

        Mqtt.expect(in, deadline, Mqtt.CONNACK, 1, "CONNECT");
        Mqtt.expect(in, deadline, Mqtt.SUBACK, 2, "SUBSCRIBE");

        assertEquals(in.limit, in.pos);
    }

    @Test
    void refusesAConnackWithAnErrorCodeAndASubackOfFailure() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        IOException refused = assertThrows(IOException.class,
                () -> Mqtt.expect(input("20 02 00 05"), deadline, Mqtt.CONNACK, 1, "CONNECT"));
        assertTrue(refused.getMessage().contains("code 5"), refused.getMessage());
        assertThrows(IOException.class, () -> Mqtt.expect(input("90 03 0001 80"), deadline, Mqtt.SUBACK, 2, "SUBSCRIBE"));
        assertThrows(IOException.class, () -> Mqtt.expect(input("30 02 0000"), deadline, Mqtt.CONNACK, 1, "CONNECT"));
    }

    @Test
    void aBrokerThatClosesDuringTheHandshakeIsAnError() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        assertThrows(IOException.class, () -> Mqtt.expect(input("20"), deadline, Mqtt.CONNACK, 1, "CONNECT"));
    }

    // ---- MQTT 5.0 ----

    @Test
    void a5PublishHasAZeroPropertyLengthAfterThePacketId() {
        byte[] topic = Mqtt.topicField("NEWS");
        byte[] buf = new byte[Mqtt.publishMax(topic, 2, 5)];

        int at = Mqtt.publishHead(buf, 0, topic, 7, 2, 5);
        buf[at++] = 'h';
        buf[at++] = 'i';

        assertArrayEquals(hex("32 0b 0004 4e455753 0007 00 6869"), java.util.Arrays.copyOf(buf, at));
        assertEquals(Mqtt.publishMax(topic, 2, 4) + 1, buf.length);
    }

    @Test
    void a5Qos0PublishHasAZeroPropertyLengthAfterTheTopic() {
        byte[] topic = Mqtt.topicField("NEWS");
        byte[] buf = new byte[Mqtt.publishMax(topic, 0, 5)];

        int at = Mqtt.publishHead(buf, 0, topic, 0, 0, 5);

        assertArrayEquals(hex("30 07 0004 4e455753 00"), java.util.Arrays.copyOf(buf, at));
    }

    @Test
    void readsTheReceiveMaximumOfA5Connack() throws IOException {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        // Topic Alias Maximum 10, Server Keep Alive 65535, Receive Maximum 20
        LineInput in = input("20 0c 00 00 09 22 000a 13 ffff 21 0014");

        assertEquals(20, Mqtt.connack(in, deadline, 5, "CONNECT"));
        assertEquals(in.limit, in.pos);
    }

    @Test
    void skipsEveryKindOfPropertyBeforeTheReceiveMaximum() throws IOException {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        String properties = "12 0003 616263"            // Assigned Client Identifier "abc": a string
                + " 26 0001 6b 0002 7676"               // User Property k=vv: a string pair
                + " 27 00010000"                        // Maximum Packet Size: four bytes
                + " 2a 00"                              // Shared Subscription Available: one byte
                + " 0b 8001"                            // Subscription Identifier 128: a variable byte integer
                + " 21 0400";                           // Receive Maximum 1024
        int length = hex(properties).length;
        LineInput in = input(String.format("20 %02x 00 00 %02x ", length + 3, length) + properties);

        assertEquals(1_024, Mqtt.connack(in, deadline, 5, "CONNECT"));
    }

    @Test
    void aConnackWithoutReceiveMaximumAndA311OneLeaveTheWindowAlone() throws IOException {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        assertEquals(Mqtt.NO_RECEIVE_MAXIMUM, Mqtt.connack(input("20 03 00 00 00"), deadline, 5, "CONNECT"));
        assertEquals(Mqtt.NO_RECEIVE_MAXIMUM, Mqtt.connack(input("20 02 00 00"), deadline, 4, "CONNECT"));
    }

    @Test
    void refusesA5ConnackWithAFailureReasonOrBadProperties() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        IOException refused = assertThrows(IOException.class,
                () -> Mqtt.connack(input("20 03 00 87 00"), deadline, 5, "CONNECT"));
        assertTrue(refused.getMessage().contains("code 135"), refused.getMessage());
        assertThrows(IOException.class, () -> Mqtt.connack(input("20 03 00 00 05"), deadline, 5, "CONNECT"),
                "a property length past the packet");
        assertThrows(IOException.class, () -> Mqtt.connack(input("20 05 00 00 02 21 00"), deadline, 5, "CONNECT"),
                "a property cut short");
        assertThrows(IOException.class, () -> Mqtt.connack(input("20 05 00 00 02 7f 00"), deadline, 5, "CONNECT"),
                "an unknown property");
    }

    @Test
    void readsTheReasonCodeOfA5SubackAfterItsProperties() throws IOException {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        // no properties; then a Reason String "abc"
        LineInput in = input("90 04 0001 00 00  90 0a 0001 06 1f 0003 616263 00");

        Mqtt.suback(in, deadline, 5, "SUBSCRIBE");
        Mqtt.suback(in, deadline, 5, "SUBSCRIBE");

        assertEquals(in.limit, in.pos);
        assertThrows(IOException.class, () -> Mqtt.suback(input("90 04 0001 00 80"), deadline, 5, "SUBSCRIBE"));
        assertThrows(IOException.class, () -> Mqtt.suback(input("90 03 0001 00"), deadline, 5, "SUBSCRIBE"),
                "no reason code");
    }

    @Test
    void aPubackOfSuccessMayTakeTwoThreeOrMoreBytes() {
        for (String puback : new String[]{"40 02 0007", "40 03 0007 00", "40 03 0007 10", "40 04 0007 00 00",
                "40 0a 0007 00 06 1f 0003 616263"}) {
            byte[] b = hex(puback);
            assertEquals(null, Mqtt.pubackProblem(b, 0, 2, b.length - 2), puback);
        }
    }

    @Test
    void namesAPubackOfFailureADisconnectAndAnyOtherPacket() {
        byte[] quotaExceeded = hex("40 03 0007 97");
        byte[] disconnect = hex("e0 01 93");
        byte[] publish = hex("30 02 0000");

        assertEquals("a PUBACK with reason code 0x97", Mqtt.pubackProblem(quotaExceeded, 0, 2, 3));
        assertEquals("a DISCONNECT with reason code 0x93", Mqtt.pubackProblem(disconnect, 0, 2, 1));
        assertEquals("MQTT packet type 3 instead of PUBACK", Mqtt.pubackProblem(publish, 0, 2, 2));
    }

    @Test
    void decodesVariableByteIntegersOfOneToFourBytes() throws IOException {
        int[] value = new int[1];
        byte[] b = hex("00 7f 8001 ffff7f ffffff7f");

        assertEquals(1, Mqtt.varInt(b, 0, b.length, value));
        assertEquals(0, value[0]);
        assertEquals(2, Mqtt.varInt(b, 1, b.length, value));
        assertEquals(127, value[0]);
        assertEquals(4, Mqtt.varInt(b, 2, b.length, value));
        assertEquals(128, value[0]);
        assertEquals(7, Mqtt.varInt(b, 4, b.length, value));
        assertEquals(2_097_151, value[0]);
        assertEquals(11, Mqtt.varInt(b, 7, b.length, value));
        assertEquals(268_435_455, value[0]);
        assertEquals(-1, Mqtt.varInt(b, 2, 3, value), "cut short");
    }
}
