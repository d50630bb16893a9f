package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
    public static String escapePayload(dev.herald.broker.model.Message m) {
        return m.payloadIsUtf8() ? escape(m.payload()) : escape(m.payloadBytes());
    }

    /**
     * The wire form of a payload of any bytes, for {@code MSG} frames: valid UTF-8 is written
     * as text, escaped as by {@link #escape(String)}, and each byte that is not part of valid
     * UTF-8 as {@code \xHH} (two lower-case hex digits). So a binary payload published over
     * MQTT reaches a line-protocol subscriber whole. A {@code PUB} may not use {@code \x}.
     */
    public static String escape(byte[] payload) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(payload);
        CharBuffer text = CharBuffer.allocate(payload.length);
        StringBuilder out = new StringBuilder(payload.length + 16);
        while (true) {
            CoderResult result = decoder.decode(in, text, true);
            out.append(escape(text.flip().toString()));
            text.clear();
            if (!result.isError()) {
                return out.toString();
            }
            for (int k = 0; k < result.length(); k++) { // bytes that are not part of valid UTF-8
                byte b = in.get();
                out.append("\\x").append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
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
