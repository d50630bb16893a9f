package dev.herald.broker.client;

import dev.herald.broker.model.ErrorCode;

/**
 * A Herald request failed. The subclasses say how: {@link ServerErrorException} (the server
 * answered {@code ERR}; {@link #code()} is its code), {@link ConnectionException} (no
 * connection, or it was lost), {@link RequestTimeoutException} (no reply in time).
 */
public class HeraldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HeraldException(String message) {
        super(message);
    }

    public HeraldException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The code of the server's {@code ERR} reply, or {@code null} when the failure happened on
     * this side (no connection, timeout).
     */
    public ErrorCode code() {
        return null;
    }

    /**
     * The same failure with the stack of the thread that waited for it: replies are read on
     * the client's reader thread, whose stack would tell a caller nothing.
     */
    HeraldException copyForCaller() {
        return new HeraldException(getMessage(), getCause());
    }
}
