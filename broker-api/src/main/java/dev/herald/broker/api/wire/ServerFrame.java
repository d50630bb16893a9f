package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.model.ProtocolException;

import java.util.Objects;

/**
 * A frame the server sends: a reply to a request, a {@code MSG}, or an {@code ERR}.
 * {@link #toFrame()} formats one (without its LF); {@link #parse(String)} reads one back.
 */
public sealed interface ServerFrame {

    /** The frame text, without the trailing LF. */
    String toFrame();

    /** Whether this frame is a reply to a request (every frame but {@code MSG}). */
    default boolean isReply() {
        return true;
    }

    /** {@code CONN_ACK NEW 0} or {@code CONN_ACK RESUMED <n>}; n queued {@code MSG} frames follow. */
    record ConnAck(boolean resumed, int queued) implements ServerFrame {
        public static final ConnAck NEW = new ConnAck(false, 0);

        @Override
        public String toFrame() {
            return "CONN_ACK " + (resumed ? "RESUMED " : "NEW ") + queued;
        }
    }

    /** {@code SUB_ACK <topic> <n>}; n history {@code MSG} frames follow. */
    record SubAck(String topic, int history) implements ServerFrame {
        @Override
        public String toFrame() {
            return "SUB_ACK " + topic + " " + history;
        }
    }

    /** {@code UNSUB_ACK <topic>}. */
    record UnsubAck(String topic) implements ServerFrame {
        @Override
        public String toFrame() {
            return "UNSUB_ACK " + topic;
        }
    }

    /** {@code PUB_ACK <topic> <message-id>}. */
    record PubAck(String topic, long messageId) implements ServerFrame {
        @Override
        public String toFrame() {
            return "PUB_ACK " + topic + " " + messageId;
        }
    }

    /** {@code PONG}. */
    record Pong() implements ServerFrame {
        @Override
        public String toFrame() {
            return "PONG";
        }
    }

    /** {@code DISC_ACK}; the server closes the connection after it. */
    record DiscAck() implements ServerFrame {
        @Override
        public String toFrame() {
            return "DISC_ACK";
        }
    }

    /**
     * {@code ERR <CODE> <text>}. The text is one line: each CR or LF in it becomes a space,
     * so that the frame parses back to the same value.
     */
    record Err(ErrorCode code, String text) implements ServerFrame {
        public Err {
            Objects.requireNonNull(code, "code");
            text = Objects.requireNonNull(text, "text").replace('\n', ' ').replace('\r', ' ');
        }

        @Override
        public String toFrame() {
            return "ERR " + code.name() + " " + text;
        }
    }

    /** {@code MSG <topic> <message-id> <published-at> <payload>}. */
    record Msg(Message message) implements ServerFrame {
        public Msg {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean isReply() {
            return false;
        }

        @Override
        public String toFrame() {
            return format(message);
        }

        /** The frame text of a message, without the trailing LF. */
        public static String format(Message m) {
            return "MSG " + m.topic() + " " + m.id() + " " + m.publishedAt() + " " + Escaping.escapePayload(m);
        }
    }

    /**
     * Reads a frame the server sent (without its LF).
     *
     * @throws ProtocolException {@code MALFORMED} if it is not a valid server frame
     */
    static ServerFrame parse(String frame) throws ProtocolException {
        int space = frame.indexOf(' ');
        String verb = space < 0 ? frame : frame.substring(0, space);
        String rest = space < 0 ? null : frame.substring(space + 1);
        try {
            return switch (verb) {
                case "MSG" -> parseMsg(rest, frame);
                case "PUB_ACK" -> {
                    String[] t = tokens(rest, 2, frame);
                    yield new PubAck(t[0], number(t[1], 1, frame));
                }
                case "SUB_ACK" -> {
                    String[] t = tokens(rest, 2, frame);
                    yield new SubAck(t[0], count(t[1], frame));
                }
                case "UNSUB_ACK" -> new UnsubAck(tokens(rest, 1, frame)[0]);
                case "CONN_ACK" -> {
                    String[] t = tokens(rest, 2, frame);
                    boolean resumed = switch (t[0]) {
                        case "NEW" -> false;
                        case "RESUMED" -> true;
                        default -> throw malformed(frame);
                    };
                    yield new ConnAck(resumed, count(t[1], frame));
                }
                case "PONG" -> {
                    noArguments(rest, frame);
                    yield new Pong();
                }
                case "DISC_ACK" -> {
                    noArguments(rest, frame);
                    yield new DiscAck();
                }
                case "ERR" -> {
                    if (rest == null) {
                        throw malformed(frame);
                    }
                    int sp = rest.indexOf(' ');
                    String code = sp < 0 ? rest : rest.substring(0, sp);
                    yield new Err(ErrorCode.valueOf(code), sp < 0 ? "" : rest.substring(sp + 1));
                }
                default -> throw malformed(frame);
            };
        } catch (IllegalArgumentException e) {
            throw malformed(frame);
        }
    }

    private static Msg parseMsg(String rest, String frame) throws ProtocolException {
        int a = rest == null ? -1 : rest.indexOf(' ');
        int b = a < 0 ? -1 : rest.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : rest.indexOf(' ', b + 1);
        if (c < 0 || a == 0) {
            throw malformed(frame);
        }
        String topic = rest.substring(0, a);
        long id = number(rest.substring(a + 1, b), 1, frame);
        long at = number(rest.substring(b + 1, c), 0, frame);
        return new Msg(Message.wrapping(id, topic, at, Escaping.unescapeBytes(rest.substring(c + 1))));
    }

    /** Exactly {@code count} non-empty tokens separated by single spaces. */
    private static String[] tokens(String rest, int count, String frame) throws ProtocolException {
        if (rest == null) {
            throw malformed(frame);
        }
        String[] t = rest.split(" ", -1);
        if (t.length != count) {
            throw malformed(frame);
        }
        for (String token : t) {
            if (token.isEmpty()) {
                throw malformed(frame);
            }
        }
        return t;
    }

    private static void noArguments(String rest, String frame) throws ProtocolException {
        if (rest != null) {
            throw malformed(frame);
        }
    }

    private static int count(String token, String frame) throws ProtocolException {
        long n = number(token, 0, frame);
        if (n > Integer.MAX_VALUE) {
            throw malformed(frame);
        }
        return (int) n;
    }

    /**
     * A decimal number of ASCII digits only, at least {@code min}. {@link Long#parseLong}
     * alone would also take a sign and non-ASCII digits, which no server sends.
     */
    private static long number(String token, long min, String frame) throws ProtocolException {
        if (token.isEmpty()) {
            throw malformed(frame);
        }
        for (int i = 0; i < token.length(); i++) {
            char ch = token.charAt(i);
            if (ch < '0' || ch > '9') {
                throw malformed(frame);
            }
        }
        long n = Long.parseLong(token); // NumberFormatException on overflow is caught by parse
        if (n < min) {
            throw malformed(frame);
        }
        return n;
    }

    private static ProtocolException malformed(String frame) {
        String shown = frame.length() > 80 ? frame.substring(0, 80) + "..." : frame;
        return new ProtocolException(ErrorCode.MALFORMED, "not a server frame: " + shown);
    }
}
