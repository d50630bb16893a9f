package dev.herald.store.memory;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.store.tck.StoreContract;

/** The memory store passes the store contract. */
class MemoryStoreContractTest extends StoreContract {

    @Override
    protected Store openStore(StoreContext context) {
        return new MemoryStoreProvider().open(context);
    }
}
