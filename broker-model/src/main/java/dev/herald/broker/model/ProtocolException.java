package dev.herald.broker.model;

import java.util.Objects;

/**
 * A request that the server answers with {@code ERR <code> <text>}.
 */
public class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String text) {
        super(text);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The error code a program can act on. */
    public ErrorCode code() {
        return code;
    }
}
