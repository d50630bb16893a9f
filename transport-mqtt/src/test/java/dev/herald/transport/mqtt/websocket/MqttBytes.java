package dev.herald.transport.mqtt.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * MQTT 3.1.1 packets written byte by byte, as the standard lays them out, and read back the
 * same way: what a WebSocket carries, with nothing of Herald's codec in between.
 */
final class MqttBytes {

    static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};
    static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    static final byte[] PINGRESP = {(byte) 0xD0, 0x00};
    static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    private MqttBytes() {
    }

    /** A packet of this first byte and body: the remaining length goes between them (section 2.2.3). */
    static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int n = body.length;
        do {
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** CONNECT of MQTT 3.1.1 (level 4) with CleanSession 1 and this keep alive in seconds. */
    static byte[] connect(String clientId, int keepAlive) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(string("MQTT"));
        body.write(4);
        body.write(0x02);
        body.write(keepAlive >> 8);
        body.write(keepAlive);
        body.writeBytes(string(clientId));
        return packet(0x10, body.toByteArray());
    }

    static byte[] subscribe(int packetId, String filter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId);
        body.writeBytes(string(filter));
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    static byte[] suback(int packetId, int grantedQos) {
        return new byte[] {(byte) 0x90, 0x03, (byte) (packetId >> 8), (byte) packetId, (byte) grantedQos};
    }

    /** PUBLISH at QoS 0 (packet id ignored) or 1. */
    static byte[] publish(int qos, String topic, int packetId, String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(string(topic));
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId);
        }
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | (qos << 1), body.toByteArray());
    }

    static byte[] puback(int packetId) {
        return new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** A PUBLISH as read: its topic, QoS, packet id (0 at QoS 0) and payload. */
    record Publish(String topic, int qos, int packetId, String payload) {
    }

    /** Reads the next packet whole with {@code read} (n bytes, blocking): its first byte, then its body. */
    static byte[] next(IntFunction<byte[]> read) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(read.apply(1));
        int length = 0;
        int shift = 0;
        int digit;
        do {
            digit = read.apply(1)[0] & 0xFF;
            packet.write(digit);
            length |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        packet.writeBytes(read.apply(length));
        return packet.toByteArray();
    }

    /** Reads the next packet, which must be a PUBLISH. */
    static Publish nextPublish(IntFunction<byte[]> read) {
        byte[] p = next(read);
        int type = (p[0] & 0xFF) >> 4;
        if (type != 3) {
            throw new AssertionError("not a PUBLISH: " + Arrays.toString(p));
        }
        int qos = (p[0] >> 1) & 3;
        int at = 1;
        while ((p[at] & 0x80) != 0) {
            at++;
        }
        at++;
        int topicLength = ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
        String topic = new String(p, at + 2, topicLength, StandardCharsets.UTF_8);
        at += 2 + topicLength;
        int packetId = 0;
        if (qos > 0) {
            packetId = ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
            at += 2;
        }
        return new Publish(topic, qos, packetId, new String(p, at, p.length - at, StandardCharsets.UTF_8));
    }

    private static byte[] string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[2 + utf8.length];
        b[0] = (byte) (utf8.length >> 8);
        b[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, b, 2, utf8.length);
        return b;
    }
}
