package dev.herald.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The few MQTT 3.1.1 packets the generator needs to drive a reference broker such as
 * Mosquitto the way it drives Herald: {@code CONNECT} with a clean session,
 * {@code SUBSCRIBE} at QoS 0, {@code PUBLISH} at QoS 1 (so that the broker acknowledges
 * each publish with a {@code PUBACK}, as Herald does with {@code PUB_ACK}, and the
 * publisher keeps the same window), and {@code DISCONNECT}. Deliveries to subscribers are
 * QoS 0, as Herald's {@code MSG} frames are fire-and-forget.
 */
final class Mqtt {

    static final int CONNACK = 0x20;
    static final int PUBLISH = 0x30;
    static final int PUBACK = 0x40;
    static final int SUBACK = 0x90;
    /** {@code PUBLISH} with QoS 1 in its flags. */
    private static final int PUBLISH_QOS1 = PUBLISH | 0x02;
    private static final int CONNECT = 0x10;
    private static final int SUBSCRIBE = 0x82;
    private static final byte[] DISCONNECT = {(byte) 0xE0, 0};
    /** The most bytes a remaining length takes. */
    static final int MAX_LENGTH_BYTES = 4;

    private Mqtt() {
    }

    /** {@code CONNECT}: protocol level 4, clean session, keep-alive off. */
    static byte[] connect(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);          // protocol level: 3.1.1
        body.write(0x02);       // clean session
        body.write(0);          // keep-alive 0: off
        body.write(0);
        writeString(body, clientId);
        return packet(CONNECT, body.toByteArray());
    }

    /** {@code SUBSCRIBE} to one topic at QoS 0, packet id 1. */
    static byte[] subscribe(String topic) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(1);
        writeString(body, topic);
        body.write(0);
        return packet(SUBSCRIBE, body.toByteArray());
    }

    static byte[] disconnect() {
        return DISCONNECT.clone();
    }

    /**
     * Writes the head of a QoS 1 {@code PUBLISH} (a QoS 0 one with packet id 0) at {@code at}:
     * everything but its payload, which the caller writes next.
     *
     * @param topic         the topic name, length-prefixed already ({@link #topicField})
     * @param packetId      1 to 65535, or 0 for QoS 0
     * @param payloadLength the length of the payload that follows
     * @return the index where the payload goes
     */
    static int publishHead(byte[] buf, int at, byte[] topic, int packetId, int payloadLength) {
        boolean qos1 = packetId > 0;
        buf[at++] = (byte) (qos1 ? PUBLISH_QOS1 : PUBLISH);
        at = writeLength(buf, at, topic.length + (qos1 ? 2 : 0) + payloadLength);
        System.arraycopy(topic, 0, buf, at, topic.length);
        at += topic.length;
        if (qos1) {
            buf[at++] = (byte) (packetId >> 8);
            buf[at++] = (byte) packetId;
        }
        return at;
    }

    /** A topic name as it appears in a packet: a two-byte length, then its UTF-8 bytes. */
    static byte[] topicField(String topic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeString(out, topic);
        return out.toByteArray();
    }

    /** The most bytes a {@code PUBLISH} packet of this topic and payload takes. */
    static int publishMax(byte[] topic, int payloadLength) {
        return 1 + MAX_LENGTH_BYTES + topic.length + 2 + payloadLength;
    }

    /**
     * Decodes the remaining length of the packet that starts at {@code from}.
     *
     * @return the index where the packet's body starts, with the body's length in
     *         {@code length[0]}; -1 when the length is not all there yet
     * @throws IOException for a length of more than four bytes
     */
    static int body(byte[] b, int from, int limit, int[] length) throws IOException {
        int value = 0;
        int i = from + 1;
        for (int k = 0; k < MAX_LENGTH_BYTES; k++) {
            if (i >= limit) {
                return -1;
            }
            int digit = b[i++];
            value |= (digit & 0x7F) << (7 * k);
            if ((digit & 0x80) == 0) {
                length[0] = value;
                return i;
            }
        }
        throw new IOException("malformed MQTT remaining length");
    }

    /**
     * Reads one whole packet during a handshake.
     *
     * @return the packet's first byte; its body is at {@code input.buf[input.pos - length[0]]}
     */
    static int readPacket(LineInput input, Deadline deadline, int[] length) throws IOException {
        while (true) {
            int start = input.pos;
            if (input.limit - start >= 2) {
                int bodyStart = body(input.buf, start, input.limit, length);
                if (bodyStart >= 0 && bodyStart + length[0] <= input.limit) {
                    input.pos = bodyStart + length[0];
                    return input.buf[start] & 0xFF;
                }
            }
            try {
                if (input.fill() < 0) {
                    throw new IOException("the broker closed the connection");
                }
            } catch (SocketTimeoutException e) {
                if (deadline.passed()) {
                    throw new IOException("no reply before the time limit");
                }
            }
        }
    }

    /**
     * Reads the reply to a {@code CONNECT} or {@code SUBSCRIBE} and checks its return code.
     *
     * @param type     {@link #CONNACK} or {@link #SUBACK}
     * @param codeAt   where the return code is in the body
     */
    static void expect(LineInput input, Deadline deadline, int type, int codeAt, String what) throws IOException {
        int[] length = new int[1];
        int first = readPacket(input, deadline, length);
        if ((first & 0xF0) != type || length[0] <= codeAt) {
            throw new IOException(what + " answered with MQTT packet type " + (first >> 4));
        }
        int code = input.buf[input.pos - length[0] + codeAt] & 0xFF;
        if (code != 0) {
            throw new IOException(what + " refused with code " + code);
        }
    }

    private static int writeLength(byte[] buf, int at, int length) {
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            buf[at++] = (byte) (length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        return at;
    }

    private static byte[] packet(int type, byte[] body) {
        byte[] out = new byte[1 + MAX_LENGTH_BYTES + body.length];
        out[0] = (byte) type;
        int at = writeLength(out, 1, body.length);
        System.arraycopy(body, 0, out, at, body.length);
        return java.util.Arrays.copyOf(out, at + body.length);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
