package dev.herald.store.memory.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What all the offline queues of one store take together, against its bound
 * ({@code broker.offline.max-bytes}), so that many sessions cannot make the store hold
 * sessions &times; {@code offline.max} messages.
 */
final class QueuedBytes {

    private final AtomicLong total = new AtomicLong();
    private final long max;

    QueuedBytes(long max) {
        this.max = max;
    }

    /** Adds a change; returns by how much the total is now over the bound (0 or less: within). */
    long add(long delta) {
        return total.addAndGet(delta) - max;
    }

    long total() {
        return total.get();
    }
}
