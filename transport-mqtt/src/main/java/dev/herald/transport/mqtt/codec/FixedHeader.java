package dev.herald.transport.mqtt.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The fixed header of a packet (section 2.2): the type, its four flag bits, and the remaining
 * length, a variable-length number of one to four bytes (section 2.2.3).
 *
 * @param remainingLength the bytes that follow the fixed header
 */
record FixedHeader(PacketType type, int flags, int remainingLength) {

    /** The largest remaining length four bytes can hold. */
    static final int MAX_REMAINING_LENGTH = 268_435_455;
    /** The longest fixed header: the first byte and four of remaining length. */
    static final int MAX_SIZE = 5;

    /** The size of the whole packet, this header included. */
    long packetSize() {
        return (long) size(remainingLength) + remainingLength;
    }

    /**
     * Reads a fixed header and checks the type and its flags [MQTT-2.2.2-1] [MQTT-2.2.2-2]
     * and the remaining length's encoding, before anything of the rest is read.
     *
     * @return the header, or {@code null} when the stream ends before the first byte
     * @throws EOFException           when the stream ends inside the header
     * @throws MqttProtocolException for a reserved type, wrong flags or a remaining length over four bytes
     */
    static FixedHeader read(InputStream in) throws IOException, MqttProtocolException {
        return read(in, MqttPacket.PROTOCOL_LEVEL);
    }

    /** {@link #read(InputStream)} at a protocol level: MQTT 5.0 adds AUTH and variable lengths. */
    static FixedHeader read(InputStream in, int level) throws IOException, MqttProtocolException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        PacketType type = PacketType.of(first >>> 4);
        if (type == null || type == PacketType.AUTH && level < MqttPacket.PROTOCOL_LEVEL_5) {
            throw new MqttProtocolException("packet type " + (first >>> 4) + " is reserved (section 2.2.1)");
        }
        int flags = first & 0x0F;
        if (!type.flagsAllowed(flags)) {
            throw new MqttProtocolException(type + " with flags " + bits(flags) + ", not " + bits(type.fixedFlags())
                    + " [MQTT-2.2.2-1] [MQTT-2.2.2-2]");
        }
        if (type == PacketType.PUBLISH) {
            checkPublishFlags(flags);
        }
        int remainingLength = readRemainingLength(in);
        int fixed = type.fixedRemainingLength(level);
        if (fixed != PacketType.Header.VARIABLE && remainingLength != fixed) {
            throw new MqttProtocolException(type + " with remaining length " + remainingLength + ", not " + fixed
                    + " (section " + type.section() + ")");
        }
        return new FixedHeader(type, flags, remainingLength);
    }

    /** The QoS of a PUBLISH's flags. */
    static int qos(int flags) {
        return flags >>> 1 & 0b11;
    }

    /** The first byte of a PUBLISH. */
    static int publishByte(boolean dup, int qos, boolean retain) {
        return PacketType.PUBLISH.code() << 4 | (dup ? 0b1000 : 0) | qos << 1 | (retain ? 1 : 0);
    }

    private static void checkPublishFlags(int flags) throws MqttProtocolException {
        if (qos(flags) == 3) {
            throw new MqttProtocolException("PUBLISH with QoS 3 [MQTT-3.3.1-4]");
        }
        if (qos(flags) == 0 && (flags & 0b1000) != 0) {
            throw new MqttProtocolException("PUBLISH with QoS 0 and DUP set [MQTT-3.3.1-2]");
        }
    }

    private static int readRemainingLength(InputStream in) throws IOException, MqttProtocolException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a fixed header");
            }
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MqttProtocolException("remaining length longer than four bytes (section 2.2.3)");
    }

    /** The bytes the fixed header of a packet with this remaining length takes. */
    static int size(int remainingLength) {
        if (remainingLength < 128) {
            return 2;
        }
        if (remainingLength < 16_384) {
            return 3;
        }
        return remainingLength < 2_097_152 ? 4 : 5;
    }

    /**
     * Writes a fixed header, with the remaining length in its shortest form, into
     * {@code buf} at {@code off}.
     *
     * @return the offset after it
     * @throws IllegalArgumentException when the remaining length is over {@value #MAX_REMAINING_LENGTH}
     */
    static int write(int firstByte, int remainingLength, byte[] buf, int off) {
        checkRemainingLength(remainingLength);
        buf[off] = (byte) firstByte;
        return writeVariableByteInteger(remainingLength, buf, off + 1);
    }

    /** Writes a Variable Byte Integer (section 1.5.5) in its shortest form at {@code off}; returns the offset after it. */
    static int writeVariableByteInteger(int value, byte[] buf, int off) {
        int v = value;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            buf[off++] = (byte) (v > 0 ? b | 0x80 : b);
        } while (v > 0);
        return off;
    }

    /**
     * Checks that a packet's fields fit in a remaining length.
     *
     * @return the remaining length
     * @throws IllegalArgumentException when it is over {@value #MAX_REMAINING_LENGTH}
     */
    static int checkRemainingLength(long remainingLength) {
        if (remainingLength < 0 || remainingLength > MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("a packet's remaining length is 0 to " + MAX_REMAINING_LENGTH
                    + " bytes: " + remainingLength);
        }
        return (int) remainingLength;
    }

    private static String bits(int flags) {
        return String.format("%4s", Integer.toBinaryString(flags)).replace(' ', '0');
    }
}
