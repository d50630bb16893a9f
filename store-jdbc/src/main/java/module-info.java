/**
 * The JDBC store of Herald, named {@code jdbc}: sessions, subscriptions, retained history and
 * offline queues in an H2 file database by default, or in PostgreSQL, through a HikariCP pool.
 * JDBC drivers are found by {@code java.sql} as services, so the store requires none of them.
 *
 * @provides dev.herald.broker.api.spi.StoreProvider the {@code jdbc} store
 */
module dev.herald.store.jdbc {
    requires dev.herald.broker.api;
    requires java.sql;
    requires com.zaxxer.hikari;

    provides dev.herald.broker.api.spi.StoreProvider with dev.herald.store.jdbc.JdbcStoreProvider;
}
