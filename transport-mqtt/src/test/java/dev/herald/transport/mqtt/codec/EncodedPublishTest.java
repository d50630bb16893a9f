package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static dev.herald.transport.mqtt.codec.TestPackets.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EncodedPublishTest {

    private final byte[] payload = utf8("hi");
    private final EncodedPublish message = EncodedPublish.of("a/b", payload);

    @Test
    void givesEachDeliveryTheBytesOfItsPublish() throws Exception {
        int[][] deliveries = {{0, 0, 0, 0}, {0, 1, 0, 1}, {1, 1, 1, 10}, {0, 2, 0, 0xFFFF}, {1, 2, 1, 300}};
        for (int[] d : deliveries) {
            boolean dup = d[0] == 1;
            boolean retain = d[2] == 1;
            byte[] expected = MqttEncoder.encode(new Publish(dup, d[1], retain, "a/b", d[3], payload));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out, dup, d[1], retain, d[3]);
            assertArrayEquals(expected, out.toByteArray());
            assertArrayEquals(expected, message.toBytes(dup, d[1], retain, d[3]));
            assertEquals(expected.length, message.size(d[1]));
        }
    }

    @Test
    void writesTheStandardsExample() {
        assertArrayEquals(hex("3B 09 00 03 61 2F 62 00 0A 68 69"), message.toBytes(true, 1, true, 10));
    }

    @Test
    void writesThePayloadFromTheSharedArrayWithoutCopyingIt() throws Exception {
        byte[] big = new byte[10_000];
        EncodedPublish shared = EncodedPublish.of("t", big);
        byte[][] written = new byte[1][];
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (len == big.length) {
                    written[0] = b;
                }
            }
        };
        shared.writeTo(out, false, 1, false, 1);
        byte[] first = written[0];
        shared.writeTo(out, false, 2, false, 2);
        assertSame(first, written[0], "both deliveries write the one shared array");
    }

    @Test
    void refusesFieldsAPublishCannotHave() {
        assertThrows(IllegalArgumentException.class, () -> message.toBytes(true, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> message.toBytes(false, 1, false, 0));
        assertThrows(IllegalArgumentException.class, () -> message.toBytes(false, 0, false, 5));
        assertThrows(IllegalArgumentException.class, () -> message.writeTo(OutputStream.nullOutputStream(), false, 3, false, 1));
        assertThrows(IllegalArgumentException.class, () -> EncodedPublish.of("a\u0000", payload));
    }

    @Test
    void keepsItsTopic() {
        assertEquals("a/b", message.topic());
    }

    @Test
    void aTopicEncodedOnceGivesTheSamePacketsAsTheTopicName() {
        byte[] payload = "twenty-one".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String topic = "sensors/k\u00fcche/temp";
        byte[] field = EncodedPublish.topicField(topic);
        EncodedPublish once = EncodedPublish.of(topic, field, java.nio.ByteBuffer.wrap(payload));
        EncodedPublish plain = EncodedPublish.of(topic, payload);
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain.toBytes(true, 1, true, 7), once.toBytes(true, 1, true, 7));
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain.toBytes(false, 0, false, 0),
                EncodedPublish.qos0Packet(field, java.nio.ByteBuffer.wrap(payload)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain.toBytes(false, 0, false, 0),
                EncodedPublish.qos0Packet(field, java.nio.ByteBuffer.wrap(new byte[300 + payload.length], 300, payload.length)
                        .put(payload).flip().position(300)),
                "from the buffer's position to its limit");
    }
}
