package dev.herald.store.jdbc;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;

import java.util.Set;

/**
 * The {@code jdbc} store: sessions, subscriptions, retained history, retained messages and
 * offline queues in a relational database, an H2 file database by default ({@value JdbcSettings#DEFAULT_URL}) or
 * PostgreSQL, through a HikariCP pool. Acknowledged messages survive a crash of the broker.
 *
 * <p>Settings (system properties {@code broker.jdbc.*} of a standalone server):
 * {@code jdbc.url}, {@code jdbc.user}, {@code jdbc.password}, {@code jdbc.pool-size}
 * (default {@value JdbcSettings#DEFAULT_POOL_SIZE}). The database driver must be on the module
 * path or class path; the store itself needs none. The schema is created or upgraded when the
 * store opens.
 *
 * <p>Creating the provider allocates nothing; {@link #open} creates the pool and the writer thread.
 */
public final class JdbcStoreProvider implements StoreProvider {

    /** The name that selects this store: {@code -Dbroker.store=jdbc}. */
    public static final String NAME = "jdbc";

    /** Creates the provider; it holds nothing until {@link #open}. */
    public JdbcStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settings() {
        return Set.of(JdbcSettings.URL, JdbcSettings.USER, JdbcSettings.PASSWORD, JdbcSettings.POOL_SIZE,
                JdbcSettings.CONNECTION_TIMEOUT);
    }

    @Override
    public Store open(StoreContext context) {
        return JdbcStore.open(JdbcSettings.from(context), context);
    }
}
