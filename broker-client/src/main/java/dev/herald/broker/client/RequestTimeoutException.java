package dev.herald.broker.client;

/**
 * No reply came within the request timeout ({@link ClientOptions#requestTimeout()}). The
 * connection stays open; a reply that comes later is matched to its request and dropped.
 */
public final class RequestTimeoutException extends HeraldException {

    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message) {
        super(message);
    }

    @Override
    HeraldException copyForCaller() {
        return new RequestTimeoutException(getMessage());
    }
}
