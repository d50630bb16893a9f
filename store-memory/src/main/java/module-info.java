/**
 * Herald's default store, {@code memory}: retained history, offline queues and sessions kept
 * in memory, bounded by the server's retained-history and offline-queue options. Not durable.
 *
 * @provides dev.herald.broker.api.spi.StoreProvider the {@code memory} store
 */
module dev.herald.store.memory {
    requires transitive dev.herald.broker.api;

    exports dev.herald.store.memory;

    provides dev.herald.broker.api.spi.StoreProvider with dev.herald.store.memory.MemoryStoreProvider;
}
