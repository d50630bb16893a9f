package dev.herald.store.jdbc;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.store.tck.StoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The store contract on PostgreSQL, in a fresh schema for each test. */
class PostgresStoreContractTest extends StoreContract {

    private PostgresDatabase.Schema schema;
    private final List<Store> opened = new ArrayList<>();

    @BeforeAll
    static void needsPostgres() {
        assumeTrue(PostgresDatabase.baseUrl().isPresent(), PostgresDatabase::unavailableReason);
    }

    @Override
    protected Store openStore(StoreContext context) {
        return remember(new JdbcStoreProvider().open(context));
    }

    @Override
    protected Store reopen(StoreContext context) {
        return remember(new JdbcStoreProvider().open(context));
    }

    private Store remember(Store store) {
        opened.add(store);
        return store;
    }

    @Override
    protected synchronized String setting(String name) {
        if (!name.equals("jdbc.url")) {
            return null;
        }
        if (schema == null) {
            schema = PostgresDatabase.freshSchema();
        }
        return schema.url();
    }

    /** Runs before the kit's own clean-up, so the stores are closed here before their schema goes. */
    @AfterEach
    void dropSchema() {
        opened.forEach(Store::close);
        if (schema != null) {
            schema.close();
        }
    }
}
