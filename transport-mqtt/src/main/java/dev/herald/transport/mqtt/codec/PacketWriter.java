package dev.herald.transport.mqtt.codec;

import java.nio.charset.StandardCharsets;

/** Writes the fields of one packet into an array sized for it. */
final class PacketWriter {

    private final byte[] buf;
    private int pos;

    /** A writer of a packet whose fixed header holds {@code firstByte} and {@code remainingLength}. */
    PacketWriter(int firstByte, long remainingLength) {
        int length = FixedHeader.checkRemainingLength(remainingLength);
        buf = new byte[FixedHeader.size(length) + length];
        pos = FixedHeader.write(firstByte, length, buf, 0);
    }

    /** A writer of {@code size} bytes with no fixed header, for a piece of a packet. */
    PacketWriter(int size) {
        buf = new byte[size];
    }

    void writeByte(int value) {
        buf[pos++] = (byte) value;
    }

    void writeShort(int value) {
        buf[pos++] = (byte) (value >>> 8);
        buf[pos++] = (byte) value;
    }

    /** A Four Byte Integer (section 1.5.3). */
    void writeInt(long value) {
        writeShort((int) (value >>> 16));
        writeShort((int) value);
    }

    /** A Variable Byte Integer (section 1.5.5), as the remaining length is written. */
    void writeVariableByteInteger(int value) {
        pos = FixedHeader.writeVariableByteInteger(value, buf, pos);
    }

    /** The bytes a Variable Byte Integer takes. */
    static int variableByteIntegerSize(int value) {
        return FixedHeader.size(value) - 1;
    }

    /** A packet identifier, 1-65535 [MQTT-2.3.1-1]. */
    void writePacketId(int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packetId must be 1 to 65535: " + packetId);
        }
        writeShort(packetId);
    }

    /** A UTF-8 encoded string, whose size {@link #stringSize} has checked. */
    void writeString(String s) {
        writeBinary(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary data with its two-byte length. */
    void writeBinary(byte[] bytes) {
        writeShort(bytes.length);
        writeBytes(bytes);
    }

    void writeBytes(java.nio.ByteBuffer bytes) {
        int length = bytes.remaining();
        bytes.get(buf, pos, length);
        pos += length;
    }

    void writeBytes(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** The packet, once every field is written. */
    byte[] toByteArray() {
        if (pos != buf.length) {
            throw new IllegalStateException("packet of " + buf.length + " bytes has " + pos + " written");
        }
        return buf;
    }

    /** The size of a UTF-8 encoded string, its length included. */
    static int stringSize(String s) {
        return 2 + Utf8.length(s);
    }

    /** The size of binary data, its length included. */
    static int binarySize(byte[] bytes, String what) {
        if (bytes.length > Utf8.MAX_BYTES) {
            throw new IllegalArgumentException(what + " has at most " + Utf8.MAX_BYTES + " bytes: " + bytes.length);
        }
        return 2 + bytes.length;
    }
}
