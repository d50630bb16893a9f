package dev.herald.broker.client;

import dev.herald.broker.model.ErrorCode;

import java.util.Objects;

/**
 * The server answered a request with {@code ERR <code> <text>}, or closed the connection with
 * such an error ({@code SESSION_TAKEN_OVER}, {@code SLOW_CONSUMER}, ...; see
 * {@link ErrorCode#closesConnection()}).
 */
public final class ServerErrorException extends HeraldException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String text;

    public ServerErrorException(ErrorCode code, String text) {
        super(Objects.requireNonNull(code, "code").name() + ": " + text);
        this.code = code;
        this.text = Objects.requireNonNull(text, "text");
    }

    /** The error code, for programs to act on; never null. */
    @Override
    public ErrorCode code() {
        return code;
    }

    /** The server's explanation, for people. */
    public String text() {
        return text;
    }

    @Override
    HeraldException copyForCaller() {
        return new ServerErrorException(code, text);
    }
}
