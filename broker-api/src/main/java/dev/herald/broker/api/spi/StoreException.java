package dev.herald.broker.api.spi;

/**
 * A store could not do what it was asked (its database is unreachable, a write failed).
 * The server answers the request that caused it with {@code ERR STORE_UNAVAILABLE}; a store
 * that throws it must have changed nothing that the call was meant to change.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
