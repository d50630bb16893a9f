package dev.herald.store.memory.internal;

import dev.herald.broker.api.spi.StoreException;

/**
 * Whether the store is still open. Every call checks it, so that a call racing with the
 * server's shutdown fails as a store failure instead of touching cleared state.
 */
final class OpenFlag {

    private volatile boolean closed;

    void check() {
        if (closed) {
            throw new StoreException("the memory store is closed");
        }
    }

    /** Marks the store closed; returns whether it was open until now. */
    boolean close() {
        boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }
}
