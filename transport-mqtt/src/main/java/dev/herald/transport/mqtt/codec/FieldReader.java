package dev.herald.transport.mqtt.codec;

import java.util.Arrays;

/**
 * Reads the fields of one packet's variable header and payload, the {@code remaining length}
 * bytes after its fixed header. A field that would run past them is a malformed packet, so a
 * length prefix can never make the reader look beyond the packet.
 */
final class FieldReader {

    private final PacketType type;
    private final byte[] buf;
    private int pos;
    private final int end;

    FieldReader(PacketType type, byte[] buf, int off, int len) {
        this.type = type;
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    /** Whether bytes are left. */
    boolean hasMore() {
        return pos < end;
    }

    /** The bytes left. */
    int remaining() {
        return end - pos;
    }

    int readByte(String what) throws MqttProtocolException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    int readShort(String what) throws MqttProtocolException {
        need(2, what);
        int value = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
        pos += 2;
        return value;
    }

    /** A Four Byte Integer (section 1.5.3). */
    long readInt(String what) throws MqttProtocolException {
        need(4, what);
        long value = (long) (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
                | buf[pos + 3] & 0xFF;
        pos += 4;
        return value;
    }

    /** A Variable Byte Integer (section 1.5.5): one to four bytes, in its shortest form or not. */
    int readVariableByteInteger(String what) throws MqttProtocolException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = readByte(what);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MqttProtocolException(type + " " + what + " is a Variable Byte Integer longer than four bytes (section 1.5.5)");
    }

    /** A packet identifier, which is never 0 [MQTT-2.3.1-1]. */
    int readPacketId() throws MqttProtocolException {
        int id = readShort("packet identifier");
        if (id == 0) {
            throw new MqttProtocolException(type + " with packet identifier 0 [MQTT-2.3.1-1]");
        }
        return id;
    }

    /** A UTF-8 encoded string: a two-byte length, then that many bytes (section 1.5.3). */
    String readString(String what) throws MqttProtocolException {
        int len = readShort("length of the " + what);
        need(len, what);
        String s = Utf8.decode(buf, pos, len, type + " " + what);
        pos += len;
        return s;
    }

    /** Binary data with a two-byte length, as CONNECT's will message and password (section 3.1.3). */
    byte[] readBinary(String what) throws MqttProtocolException {
        int len = readShort("length of the " + what);
        return readBytes(len, what);
    }

    /** All bytes left, as a PUBLISH's payload. */
    byte[] readRest() {
        byte[] rest = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return rest;
    }

    /** Checks that every byte was read. */
    void end() throws MqttProtocolException {
        if (pos != end) {
            throw new MqttProtocolException(type + " has " + (end - pos) + " bytes after its last field");
        }
    }

    private byte[] readBytes(int len, String what) throws MqttProtocolException {
        need(len, what);
        byte[] bytes = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return bytes;
    }

    private void need(int len, String what) throws MqttProtocolException {
        if (len > end - pos) {
            throw new MqttProtocolException(type + " " + what + " runs past the remaining length ("
                    + len + " bytes wanted, " + (end - pos) + " left)");
        }
    }
}
