package dev.herald.store.memory;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.store.memory.internal.MemoryStore;

/**
 * The {@code memory} store, Herald's default: everything in memory, nothing survives the
 * process. Creating the provider allocates nothing; each {@link #open} makes a new, empty store.
 * It has no settings of its own.
 */
public final class MemoryStoreProvider implements StoreProvider {

    /** The name that selects this store ({@code -Dbroker.store=memory}). */
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Store open(StoreContext context) {
        return new MemoryStore(context.retainedMax(), context.offlineMax());
    }
}
