package dev.herald.store.memory;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.store.memory.internal.MemoryStore;

import java.util.Set;

/**
 * The {@code memory} store, Herald's default: everything in memory, nothing survives the
 * process. Creating the provider allocates nothing; each {@link #open} makes a new, empty store.
 * Its one setting, {@code broker.offline.max-bytes} (default {@value #DEFAULT_OFFLINE_MAX_BYTES}),
 * bounds what all offline queues take together: beyond it, the queue a message joins drops its
 * oldest, and the drop is counted.
 */
@SuppressWarnings("exports") // the SPI is exported to Herald's modules only, which are this class's users
public final class MemoryStoreProvider implements StoreProvider {

    /** The name that selects this store ({@code -Dbroker.store=memory}). */
    public static final String NAME = "memory";
    /** The setting that bounds the offline queues together, in bytes. */
    public static final String OFFLINE_MAX_BYTES = "offline.max-bytes";
    public static final long DEFAULT_OFFLINE_MAX_BYTES = 512L * 1024 * 1024;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settings() {
        return Set.of(OFFLINE_MAX_BYTES);
    }

    @Override
    public Store open(StoreContext context) {
        long maxBytes = context.setting(OFFLINE_MAX_BYTES).map(MemoryStoreProvider::bytes).orElse(DEFAULT_OFFLINE_MAX_BYTES);
        return new MemoryStore(context.retainedMax(), context.offlineMax(), maxBytes);
    }

    private static long bytes(String value) {
        try {
            long n = Long.parseLong(value.strip().replace("_", ""));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("broker." + OFFLINE_MAX_BYTES + " must be a whole number of bytes, at least 1: '"
                + value + "'");
    }
}
