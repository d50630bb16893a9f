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
        if (retainedMax < 0 || offlineMax < 0) {
            throw new IllegalArgumentException("bounds must not be negative: retainedMax " + retainedMax
                    + ", offlineMax " + offlineMax);
        }
        this.sessions = new SessionTable(offlineMax);
        this.messages = new MemoryMessageStore(sessions, open, retainedMax);
        this.subscriptions = new MemorySubscriptionStore(sessions, open);
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
