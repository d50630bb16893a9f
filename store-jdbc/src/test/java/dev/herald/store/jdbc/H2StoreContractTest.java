package dev.herald.store.jdbc;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.store.tck.StoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract on an H2 file database, fresh for each test. */
class H2StoreContractTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    protected Store openStore(StoreContext context) {
        return new JdbcStoreProvider().open(context);
    }

    @Override
    protected Store reopen(StoreContext context) {
        return new JdbcStoreProvider().open(context);
    }

    @Override
    protected String setting(String name) {
        return name.equals("jdbc.url") ? "jdbc:h2:file:" + dir.resolve("herald") : null;
    }
}
