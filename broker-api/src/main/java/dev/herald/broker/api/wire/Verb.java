package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Names;
import dev.herald.broker.model.ProtocolException;

/**
 * The verbs a client may send. Parsing is two steps so that a server can check a
 * connection's state between them (an unknown verb is {@code UNKNOWN_ACTION}; a known verb
 * before a session is {@code NOT_CONNECTED} whatever its arguments):
 * {@link #of(String)} finds the verb of a frame, then {@link #parse(String)} reads its arguments.
 */
public enum Verb {
    CONN, RECON, SUB, UNSUB, PUB, PING, DISC;

    private static final Verb[] VERBS = values();
    private static final Request.Ping PING_REQUEST = new Request.Ping();
    private static final Request.Disc DISC_REQUEST = new Request.Disc();

    /** Whether this verb may be sent before the connection has a session. */
    public boolean allowedWithoutSession() {
        return this == CONN || this == RECON || this == PING;
    }

    /**
     * The verb of a frame (the text up to the first space, case-insensitive).
     *
     * @throws ProtocolException {@code MALFORMED} for an empty frame, {@code UNKNOWN_ACTION} for an unknown verb
     */
    public static Verb of(String frame) throws ProtocolException {
        int end = frame.indexOf(' ');
        if (end < 0) {
            end = frame.length();
        }
        if (end == 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, frame.isEmpty() ? "empty frame" : "frame starts with a space");
        }
        for (Verb verb : VERBS) {
            String name = verb.name();
            if (name.length() == end && asciiEqualsIgnoreCase(frame, name, end)) {
                return verb;
            }
        }
        String shown = end > 32 ? frame.substring(0, 32) + "..." : frame.substring(0, end);
        throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "unknown action: " + shown);
    }

    /**
     * Parses a whole frame of this verb (as found by {@link #of(String)}).
     *
     * @throws ProtocolException {@code MALFORMED} for missing or extra tokens or a bad escape,
     *                           {@code INVALID_CLIENT_ID} for a client id outside the grammar
     */
    public Request parse(String frame) throws ProtocolException {
        return switch (this) {
            // PUB, the hot path, cuts its payload out of the frame without copying the arguments first
            case PUB -> parsePub(frame, name().length() + 1);
            case CONN, RECON -> parseSessionStart(arguments(frame));
            case SUB -> new Request.Sub(singleToken(arguments(frame), "topic"));
            case UNSUB -> new Request.Unsub(singleToken(arguments(frame), "topic"));
            case PING -> {
                noArguments(arguments(frame));
                yield PING_REQUEST;
            }
            case DISC -> {
                noArguments(arguments(frame));
                yield DISC_REQUEST;
            }
        };
    }

    /** The text after the verb and its space; null when the frame is the verb alone. */
    private String arguments(String frame) {
        int verbEnd = name().length();
        return frame.length() > verbEnd ? frame.substring(verbEnd + 1) : null;
    }

    private Request parseSessionStart(String args) throws ProtocolException {
        if (args == null || args.isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, name() + " needs a client id: " + name() + " <client-id>");
        }
        String[] tokens = args.split(" ", -1);
        for (String token : tokens) {
            if (token.isEmpty()) {
                throw new ProtocolException(ErrorCode.MALFORMED, "tokens are separated by exactly one space");
            }
        }
        if (tokens.length != 1 && tokens.length != 3) {
            throw new ProtocolException(ErrorCode.MALFORMED,
                    name() + " takes a client id, optionally followed by a user and a password");
        }
        String clientId = tokens[0];
        if (!Names.isValidClientId(clientId)) {
            throw new ProtocolException(ErrorCode.INVALID_CLIENT_ID,
                    "client id must be 1 to 64 characters from A-Z a-z 0-9 _ . : -");
        }
        Request.Credentials credentials = tokens.length == 3 ? new Request.Credentials(tokens[1], tokens[2]) : null;
        return this == CONN ? new Request.Conn(clientId, credentials) : new Request.Recon(clientId, credentials);
    }

    /** Parses {@code PUB <topic> [<payload>]}, whose arguments start at {@code from}. */
    private static Request parsePub(String frame, int from) throws ProtocolException {
        if (from >= frame.length()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "PUB needs a topic: PUB <topic> <payload>");
        }
        int space = frame.indexOf(' ', from);
        if (space == from) {
            throw new ProtocolException(ErrorCode.MALFORMED, "tokens are separated by exactly one space");
        }
        String topic = space < 0 ? frame.substring(from) : frame.substring(from, space);
        String escaped = space < 0 ? "" : frame.substring(space + 1);
        String payload = Escaping.unescape(escaped);
        // A raw CR is part of the payload, but copied into a MSG frame as it came, one at the
        // end of the payload would end the line there: the wire form gets it escaped.
        return new Request.Pub(topic, payload, escaped.indexOf('\r') < 0 ? escaped : Escaping.escape(payload));
    }

    private String singleToken(String args, String what) throws ProtocolException {
        if (args == null || args.isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, name() + " needs a " + what + ": " + name() + " <" + what + ">");
        }
        if (args.indexOf(' ') >= 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, name() + " takes exactly one " + what);
        }
        return args;
    }

    private void noArguments(String args) throws ProtocolException {
        if (args != null) {
            throw new ProtocolException(ErrorCode.MALFORMED, name() + " takes no arguments");
        }
    }

    private static boolean asciiEqualsIgnoreCase(String frame, String upper, int length) {
        for (int i = 0; i < length; i++) {
            char c = frame.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
