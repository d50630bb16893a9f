package dev.herald.broker.model;

/**
 * The error codes of {@code ERR <CODE> <text>} frames, and whether the server closes the
 * connection after sending each (PROTOCOL.md, "Error codes").
 */
public enum ErrorCode {
    /** A frame that does not parse: missing token, bad escape, invalid UTF-8. */
    MALFORMED(false),
    /** An unknown verb. */
    UNKNOWN_ACTION(false),
    /** {@code SUB}/{@code UNSUB}/{@code PUB} of a topic the server does not have. */
    UNKNOWN_TOPIC(false),
    /** A client id outside the grammar. */
    INVALID_CLIENT_ID(false),
    /** A request before {@code CONN}/{@code RECON}. */
    NOT_CONNECTED(false),
    /** A second {@code CONN}/{@code RECON} on one connection. */
    ALREADY_CONNECTED(false),
    /** The user may not use this topic that way. */
    NOT_AUTHORIZED(false),
    /** Authentication failed. */
    BAD_CREDENTIALS(true),
    /** A frame over the size limit. */
    FRAME_TOO_LARGE(true),
    /** Another connection took this session over. */
    SESSION_TAKEN_OVER(true),
    /** The connection's outgoing buffer went over its bound. */
    SLOW_CONSUMER(true),
    /** The connection limit is reached. */
    SERVER_BUSY(true),
    /** The store failed; the message was not stored and not delivered. */
    STORE_UNAVAILABLE(false),
    /** Anything else the server did not expect. */
    INTERNAL(false);

    private final boolean closesConnection;

    ErrorCode(boolean closesConnection) {
        this.closesConnection = closesConnection;
    }

    /** Whether the server closes the connection after sending this error. */
    public boolean closesConnection() {
        return closesConnection;
    }
}
