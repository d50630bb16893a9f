package dev.herald.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The few MQTT packets the generator needs to drive a reference broker such as
 * Mosquitto the way it drives Herald: {@code CONNECT} with a clean session,
 * {@code SUBSCRIBE} at QoS 0, {@code PUBLISH} at QoS 1 (so that the broker acknowledges
 * each publish with a {@code PUBACK}, as Herald does with {@code PUB_ACK}, and the
 * publisher keeps the same window), and {@code DISCONNECT}. Deliveries to subscribers are
 * QoS 0, as Herald's {@code MSG} frames are fire-and-forget.
 * <p>
 * Each is written at protocol level 4 (MQTT 3.1.1) or 5 (MQTT 5.0). At level 5,
 * {@code CONNECT}, {@code SUBSCRIBE} and {@code PUBLISH} carry an empty properties block;
 * the replies' properties are skipped, but for the Receive Maximum of {@code CONNACK}.
 */
final class Mqtt {

    static final int CONNACK = 0x20;
    static final int PUBLISH = 0x30;
    static final int PUBACK = 0x40;
    static final int SUBACK = 0x90;
    private static final int DISCONNECT_TYPE = 0xE0;
    /** {@code PUBLISH} with QoS 1 in its flags. */
    private static final int PUBLISH_QOS1 = PUBLISH | 0x02;
    private static final int CONNECT = 0x10;
    private static final int SUBSCRIBE = 0x82;
    private static final byte[] DISCONNECT = {(byte) DISCONNECT_TYPE, 0};
    /** The most bytes a remaining length takes. */
    static final int MAX_LENGTH_BYTES = 4;
    /** The protocol level of MQTT 3.1.1. */
    static final int LEVEL_311 = 4;
    /** The protocol level of MQTT 5.0. */
    static final int LEVEL_5 = 5;
    /** The Receive Maximum of a broker that sets none, and the window of an MQTT 3.1.1 one: unbounded. */
    static final int NO_RECEIVE_MAXIMUM = Integer.MAX_VALUE;
    private static final int RECEIVE_MAXIMUM = 0x21;
    /** The reason codes of failure, in MQTT 5.0 acks, start here. */
    private static final int FIRST_FAILURE_CODE = 0x80;

    private Mqtt() {
    }

    /** {@code CONNECT}: protocol level 4 or 5, clean session (5.0: clean start), keep-alive off. */
    static byte[] connect(String clientId, int level) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(level);      // protocol level: 4 for 3.1.1, 5 for 5.0
        body.write(0x02);       // clean session
        body.write(0);          // keep-alive 0: off
        body.write(0);
        writeNoProperties(body, level);
        writeString(body, clientId);
        return packet(CONNECT, body.toByteArray());
    }

    /** {@code SUBSCRIBE} to one topic at QoS 0 (5.0: subscription options all 0), packet id 1. */
    static byte[] subscribe(String topic, int level) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(1);
        writeNoProperties(body, level);
        writeString(body, topic);
        body.write(0);
        return packet(SUBSCRIBE, body.toByteArray());
    }

    /** An empty properties block (a property length of 0), at level 5; nothing at level 4. */
    private static void writeNoProperties(ByteArrayOutputStream body, int level) {
        if (level >= LEVEL_5) {
            body.write(0);
        }
    }

    /** The bytes of an empty properties block at this level: 1 at level 5, else 0. */
    private static int noProperties(int level) {
        return level >= LEVEL_5 ? 1 : 0;
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
     * @param level         4 (3.1.1), or 5 (5.0: a property length of 0 follows the packet id)
     * @return the index where the payload goes
     */
    static int publishHead(byte[] buf, int at, byte[] topic, int packetId, int payloadLength, int level) {
        boolean qos1 = packetId > 0;
        int properties = noProperties(level);
        buf[at++] = (byte) (qos1 ? PUBLISH_QOS1 : PUBLISH);
        at = writeLength(buf, at, topic.length + (qos1 ? 2 : 0) + properties + payloadLength);
        System.arraycopy(topic, 0, buf, at, topic.length);
        at += topic.length;
        if (qos1) {
            buf[at++] = (byte) (packetId >> 8);
            buf[at++] = (byte) packetId;
        }
        if (properties > 0) {
            buf[at++] = 0;
        }
        return at;
    }

    /** A topic name as it appears in a packet: a two-byte length, then its UTF-8 bytes. */
    static byte[] topicField(String topic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeString(out, topic);
        return out.toByteArray();
    }

    /** The most bytes a {@code PUBLISH} packet of this topic and payload takes at this level. */
    static int publishMax(byte[] topic, int payloadLength, int level) {
        return 1 + MAX_LENGTH_BYTES + topic.length + 2 + noProperties(level) + payloadLength;
    }

    /**
     * Decodes the remaining length of the packet that starts at {@code from}.
     *
     * @return the index where the packet's body starts, with the body's length in
     *         {@code length[0]}; -1 when the length is not all there yet
     * @throws IOException for a length of more than four bytes
     */
    static int body(byte[] b, int from, int limit, int[] length) throws IOException {
        return varInt(b, from + 1, limit, length);
    }

    /**
     * Decodes a variable byte integer (a remaining length, a property length) at {@code at}.
     *
     * @return the index after it, with its value in {@code value[0]}; -1 when it is not all
     *         there before {@code limit}
     * @throws IOException for an integer of more than four bytes
     */
    static int varInt(byte[] b, int at, int limit, int[] value) throws IOException {
        int v = 0;
        int i = at;
        for (int k = 0; k < MAX_LENGTH_BYTES; k++) {
            if (i >= limit) {
                return -1;
            }
            int digit = b[i++];
            v |= (digit & 0x7F) << (7 * k);
            if ((digit & 0x80) == 0) {
                value[0] = v;
                return i;
            }
        }
        throw new IOException("malformed MQTT length");
    }

    /**
     * What is wrong with a packet a publisher received, where only {@code PUBACK}s of
     * success should come; null for one of those. An MQTT 5.0 {@code PUBACK} may add a
     * reason code (and properties) after the packet id, and a broker may say why it
     * disconnects.
     *
     * @param from   where the packet starts
     * @param body   where its body starts
     * @param length the body's length
     */
    static String pubackProblem(byte[] b, int from, int body, int length) {
        int type = b[from] & 0xF0;
        if (type == PUBACK) {
            int code = length > 2 ? b[body + 2] & 0xFF : 0;
            return code < FIRST_FAILURE_CODE ? null : "a PUBACK with reason code 0x" + Integer.toHexString(code);
        }
        if (type == DISCONNECT_TYPE && length > 0) {
            return "a DISCONNECT with reason code 0x" + Integer.toHexString(b[body] & 0xFF);
        }
        return "MQTT packet type " + (type >> 4) + " instead of PUBACK";
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
     * Reads the reply to a {@code CONNECT} or {@code SUBSCRIBE} of MQTT 3.1.1 and checks its return code.
     *
     * @param type     {@link #CONNACK} or {@link #SUBACK}
     * @param codeAt   where the return code is in the body
     */
    static void expect(LineInput input, Deadline deadline, int type, int codeAt, String what) throws IOException {
        int[] length = new int[1];
        int body = reply(input, deadline, type, codeAt + 1, what, length);
        checkCode(input.buf, body + codeAt, what);
    }

    /**
     * Reads the {@code CONNACK} and checks its return code (5.0: reason code, after the
     * acknowledge flags and before the properties).
     *
     * @return the broker's Receive Maximum, the QoS 1 publishes it takes unacknowledged:
     *         what a 5.0 {@code CONNACK} says, else {@link #NO_RECEIVE_MAXIMUM}
     */
    static int connack(LineInput input, Deadline deadline, int level, String what) throws IOException {
        if (level < LEVEL_5) {
            expect(input, deadline, CONNACK, 1, what);
            return NO_RECEIVE_MAXIMUM;
        }
        int[] length = new int[1];
        int body = reply(input, deadline, CONNACK, 3, what, length);
        byte[] b = input.buf;
        checkCode(b, body + 1, what);
        int end = body + length[0];
        int at = propertiesStart(b, body + 2, end, length);
        int propertiesEnd = at + length[0];
        int receiveMaximum = NO_RECEIVE_MAXIMUM;
        while (at < propertiesEnd) {
            if (b[at] == RECEIVE_MAXIMUM && at + 2 < propertiesEnd) {
                receiveMaximum = twoBytes(b, at + 1);
            }
            at = skipProperty(b, at, propertiesEnd);
        }
        return receiveMaximum;
    }

    /** Reads the {@code SUBACK} and checks its return code (5.0: reason code, after the properties). */
    static void suback(LineInput input, Deadline deadline, int level, String what) throws IOException {
        if (level < LEVEL_5) {
            expect(input, deadline, SUBACK, 2, what);
            return;
        }
        int[] length = new int[1];
        int body = reply(input, deadline, SUBACK, 4, what, length);
        int end = body + length[0];
        int codeAt = propertiesStart(input.buf, body + 2, end, length) + length[0];
        if (codeAt >= end) {
            throw new IOException(what + " answered with a SUBACK without a reason code");
        }
        checkCode(input.buf, codeAt, what);
    }

    /**
     * Reads one whole packet during a handshake and checks its type and length.
     *
     * @param minLength the fewest body bytes it may have
     * @return where its body starts in {@code input.buf}, with the body's length in {@code length[0]}
     */
    private static int reply(LineInput input, Deadline deadline, int type, int minLength, String what, int[] length)
            throws IOException {
        int first = readPacket(input, deadline, length);
        if ((first & 0xF0) != type || length[0] < minLength) {
            throw new IOException(what + " answered with MQTT packet type " + (first >> 4));
        }
        return input.pos - length[0];
    }

    private static void checkCode(byte[] b, int at, String what) throws IOException {
        int code = b[at] & 0xFF;
        if (code != 0) {
            throw new IOException(what + " refused with code " + code);
        }
    }

    /**
     * Reads the property length at {@code at} of a packet body that ends at {@code end}.
     *
     * @return where the properties start, with their length in {@code length[0]}
     * @throws IOException when they do not fit in the body
     */
    static int propertiesStart(byte[] b, int at, int end, int[] length) throws IOException {
        int start = varInt(b, at, end, length);
        if (start < 0 || start + length[0] > end) {
            throw new IOException("malformed MQTT properties");
        }
        return start;
    }

    /** The index after the MQTT 5.0 property at {@code at}, which must end by {@code end}. */
    private static int skipProperty(byte[] b, int at, int end) throws IOException {
        int id = b[at] & 0xFF;
        int next = at + 1;
        next += switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> 1;
            case 0x13, 0x21, 0x22, 0x23 -> 2;
            case 0x02, 0x11, 0x18, 0x27 -> 4;
            case 0x0B -> {
                int[] value = new int[1];
                int after = varInt(b, next, end, value);
                yield after < 0 ? end + 1 - next : after - next;
            }
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> lengthPrefixed(b, next, end);
            case 0x26 -> {
                int name = lengthPrefixed(b, next, end);
                yield name + lengthPrefixed(b, next + name, end);
            }
            default -> throw new IOException("unknown MQTT property 0x" + Integer.toHexString(id));
        };
        if (next > end) {
            throw new IOException("malformed MQTT property 0x" + Integer.toHexString(id));
        }
        return next;
    }

    /** The bytes a string or binary field at {@code at} takes, its two-byte length included. */
    private static int lengthPrefixed(byte[] b, int at, int end) {
        return at + 2 > end ? 2 : 2 + twoBytes(b, at);
    }

    private static int twoBytes(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
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
