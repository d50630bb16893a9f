package dev.herald.broker.client;

/**
 * The request could not reach the server or its reply could not come back: the client was
 * not connected, the connection could not be made, or it was lost or closed while the request
 * waited for its reply.
 */
public final class ConnectionException extends HeraldException {

    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    HeraldException copyForCaller() {
        return new ConnectionException(getMessage(), getCause());
    }
}
