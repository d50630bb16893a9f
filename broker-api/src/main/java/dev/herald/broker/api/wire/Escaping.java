package dev.herald.broker.api.wire;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.ProtocolException;

/**
 * Payload escaping for {@code PUB} and {@code MSG} frames: {@code \\} is a backslash,
 * {@code \n} is LF, {@code \r} is CR; any other backslash sequence is malformed.
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
