package dev.herald.broker.api.wire;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.ProtocolException;

import java.nio.charset.StandardCharsets;

/**
 * Payload escaping for {@code PUB} and {@code MSG} frames: {@code \\} is a backslash,
 * {@code \n} is LF, {@code \r} is CR; any other backslash sequence is malformed, except
 * {@code \xHH} in a {@code MSG}: a byte of a payload that is not UTF-8.
 */
public final class Escaping {

    private Escaping() {
    }

    /** The wire form of a payload. Returns {@code payload} itself when nothing needs escaping. */
    public static String escape(String payload) {
        int first = firstSpecial(payload);
        if (first < 0) {
            return payload;
        }
        StringBuilder out = new StringBuilder(payload.length() + 8);
        out.append(payload, 0, first);
        for (int i = first; i < payload.length(); i++) {
            char c = payload.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The payload a wire form stands for.
     *
     * @throws ProtocolException {@link ErrorCode#MALFORMED} on an unknown escape or a lone trailing backslash
     */
    public static String unescape(String wire) throws ProtocolException {
        int first = wire.indexOf('\\');
        if (first < 0) {
            return wire;
        }
        StringBuilder out = new StringBuilder(wire.length());
        out.append(wire, 0, first);
        for (int i = first; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 == wire.length()) {
                throw new ProtocolException(ErrorCode.MALFORMED, "lone backslash at the end of the payload");
            }
            char next = wire.charAt(++i);
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new ProtocolException(ErrorCode.MALFORMED,
                        "unknown escape \\" + next + " in payload (use \\\\, \\n or \\r)");
            }
        }
        return out.toString();
    }

    /** The wire form of a message's payload in a {@code MSG} frame: as text, or with {@code \xHH} where it is not UTF-8. */
    public static String escapePayload(dev.herald.broker.api.Message m) {
        return m.payloadIsUtf8() ? escape(m.payload()) : escape(m.payloadBytes());
    }

    /**
     * The wire form of a payload of any bytes, for {@code MSG} frames: valid UTF-8 is written
     * as text, escaped as by {@link #escape(String)}, and each byte that is not part of valid
     * UTF-8 as {@code \xHH} (two lower-case hex digits). So a binary payload published over
     * MQTT reaches a line-protocol subscriber whole. A {@code PUB} may not use {@code \x}.
     */
    public static String escape(byte[] payload) {
        StringBuilder out = new StringBuilder(payload.length + 16);
        int i = 0;
        while (i < payload.length) {
            int n = utf8Length(payload, i);
            if (n == 0) {
                out.append("\\x").append(Character.forDigit((payload[i] >> 4) & 0xF, 16))
                        .append(Character.forDigit(payload[i] & 0xF, 16));
                i++;
                continue;
            }
            String ch = new String(payload, i, n, StandardCharsets.UTF_8);
            out.append(escape(ch));
            i += n;
        }
        return out.toString();
    }

    /**
     * The length of the valid UTF-8 sequence at {@code at}, or 0 when the byte there does not
     * start one (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, or
     * cut short).
     */
    private static int utf8Length(byte[] b, int at) {
        int first = b[at] & 0xFF;
        int n;
        int min;
        if (first < 0x80) {
            return 1;
        } else if (first >= 0xC2 && first <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (first >= 0xE0 && first <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (first >= 0xF0 && first <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (at + n > b.length) {
            return 0;
        }
        int cp = first & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            int c = b[at + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return n;
    }

    /**
     * The bytes of a {@code MSG} payload's wire form: {@link #unescape(String)}'s escapes and
     * {@code \xHH}, a byte given in hex.
     *
     * @throws ProtocolException MALFORMED for a bad escape
     */
    public static byte[] unescapeBytes(String wire) throws ProtocolException {
        if (wire.indexOf('\\') < 0) {
            return wire.getBytes(StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(wire.length());
        int textStart = 0;
        for (int i = 0; i < wire.length(); i++) {
            if (wire.charAt(i) != '\\') {
                continue;
            }
            out.writeBytes(wire.substring(textStart, i).getBytes(StandardCharsets.UTF_8));
            if (i + 1 == wire.length()) {
                throw new ProtocolException(ErrorCode.MALFORMED, "lone backslash at the end of the payload");
            }
            char next = wire.charAt(++i);
            switch (next) {
                case '\\' -> out.write('\\');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 'x' -> {
                    int hi = i + 1 < wire.length() ? Character.digit(wire.charAt(i + 1), 16) : -1;
                    int lo = i + 2 < wire.length() ? Character.digit(wire.charAt(i + 2), 16) : -1;
                    if (hi < 0 || lo < 0) {
                        throw new ProtocolException(ErrorCode.MALFORMED, "\\x needs two hex digits");
                    }
                    out.write(hi << 4 | lo);
                    i += 2;
                }
                default -> throw new ProtocolException(ErrorCode.MALFORMED,
                        "unknown escape \\" + next + " in payload (use \\\\, \\n, \\r or \\xHH)");
            }
            textStart = i + 1;
        }
        out.writeBytes(wire.substring(textStart).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static int firstSpecial(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }
}
