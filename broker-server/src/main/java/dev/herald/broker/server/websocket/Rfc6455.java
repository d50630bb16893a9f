package dev.herald.broker.server.websocket;

import java.nio.charset.StandardCharsets;

/** The numbers of RFC 6455 that the handshake, the reader and the writer share. */
final class Rfc6455 {

    /** Opcodes (section 5.2). */
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** Close status codes (section 7.4.1). */
    static final int NORMAL = 1000;
    static final int PROTOCOL_ERROR = 1002;
    static final int UNACCEPTABLE_DATA = 1003;
    static final int INVALID_PAYLOAD = 1007;
    static final int TOO_BIG = 1009;

    /** The largest payload of a control frame (section 5.5). */
    static final int MAX_CONTROL_PAYLOAD = 125;

    /** The only version of the protocol (section 4.1, {@code Sec-WebSocket-Version}). */
    static final String VERSION = "13";

    private Rfc6455() {
    }

    /** Whether an opcode is that of a control frame: its high bit is set (section 5.5). */
    static boolean control(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /**
     * Whether a status code may stand in a close frame (section 7.4): those defined for it,
     * and the ranges for libraries and applications; not 1005, 1006 or 1015, which say that a
     * frame had none, and not the reserved ones.
     */
    static boolean sendable(int status) {
        return (status >= 1000 && status <= 1003) || (status >= 1007 && status <= 1011)
                || (status >= 3000 && status <= 4999);
    }

    /** A close frame's payload: the status, then the reason in UTF-8, cut to fit in a control frame. */
    static byte[] closePayload(int status, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
        while (n < text.length && n > 0 && (text[n] & 0xC0) == 0x80) {
            n--; // not inside a character
        }
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (status >> 8);
        payload[1] = (byte) status;
        System.arraycopy(text, 0, payload, 2, n);
        return payload;
    }
}
