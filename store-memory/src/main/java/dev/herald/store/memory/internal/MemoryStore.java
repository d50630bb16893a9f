package dev.herald.store.memory.internal;

import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.SubscriptionStore;

/**
 * An open in-memory store. Its two halves share the session table, because a session's
 * offline queue belongs to the session. Closing it forgets everything.
 */
public final class MemoryStore implements Store {

    private final OpenFlag open = new OpenFlag();
    private final SessionTable sessions;
    private final MemoryMessageStore messages;
    private final MemorySubscriptionStore subscriptions;

    /**
     * An empty store.
     *
     * @param retainedMax retained history per topic, in messages
     * @param offlineMax  offline queue per session, in messages
     */
    public MemoryStore(int retainedMax, int offlineMax) {
        this(retainedMax, offlineMax, Long.MAX_VALUE);
    }

    /** An empty store whose offline queues take at most {@code offlineMaxBytes} together (about). */
    public MemoryStore(int retainedMax, int offlineMax, long offlineMaxBytes) {
        if (retainedMax < 0 || offlineMax < 0 || offlineMaxBytes < 1) {
            throw new IllegalArgumentException("bounds must not be negative: retainedMax " + retainedMax
                    + ", offlineMax " + offlineMax + ", offlineMaxBytes " + offlineMaxBytes);
        }
        this.sessions = new SessionTable(offlineMax, offlineMaxBytes);
        this.messages = new MemoryMessageStore(sessions, open, retainedMax);
        this.subscriptions = new MemorySubscriptionStore(sessions, open);
    }

    /** What all offline queues take together, about. */
    public long queuedBytes() {
        return sessions.queuedBytes();
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    /** Always {@code false}: nothing survives the process. */
    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        if (open.close()) {
            messages.clear();
            sessions.clear();
        }
    }
}
