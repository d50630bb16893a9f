package dev.herald.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.SubscriptionStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * An open JDBC store: a HikariCP pool, the committer thread that does every write, and the
 * message and subscription views over them.
 */
final class JdbcStore implements Store {

    private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());

    private final JdbcSettings settings;
    private final ConnectionPool pool;
    private final Committer committer;
    private final JdbcMessageStore messages;
    private final JdbcSubscriptionStore subscriptions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStore(JdbcSettings settings, ConnectionPool pool, Committer committer) {
        this.settings = settings;
        this.pool = pool;
        this.committer = committer;
        this.messages = new JdbcMessageStore(this, committer);
        this.subscriptions = new JdbcSubscriptionStore(this, committer);
    }

    /**
     * Connects, brings the schema up to date and starts the committer.
     *
     * @throws StoreException when the database cannot be reached or its schema cannot be used
     */
    static JdbcStore open(JdbcSettings settings, StoreContext context) {
        ConnectionPool pool;
        try {
            pool = new ConnectionPool(new HikariDataSource(poolConfig(settings)));
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the JDBC store at " + settings.maskedUrl() + ": "
                    + Failures.describe(e.getCause() != null ? e.getCause() : e), e);
        }
        Committer committer = new Committer(pool, settings.maskedUrl(), context.retainedMax(), context.offlineMax(),
                context.listener());
        try {
            List<Integer> applied;
            try (Connection connection = pool.borrow()) {
                applied = new SchemaMigrations(context.clock()).migrate(connection);
                committer.start(connection);
            }
            JdbcStore store = new JdbcStore(settings, pool, committer);
            LOG.log(INFO, "JDBC store open at {0} (schema version {1}{2}{3})", settings.maskedUrl(),
                    SchemaMigrations.latestVersion(), applied.isEmpty() ? "" : ", just applied " + applied,
                    settings.durable() ? "" : ", not durable");
            if (!settings.durable() && !settings.h2InMemory()) {
                LOG.log(WARNING, "the H2 WRITE_DELAY in {0} lets a crash lose acknowledged messages; "
                        + "leave it out so that Herald sets WRITE_DELAY=0", settings.maskedUrl());
            }
            return store;
        } catch (SQLException | RuntimeException e) {
            committer.close();
            pool.close();
            throw new StoreException("cannot open the JDBC store at " + settings.maskedUrl() + ": "
                    + Failures.describe(e), e);
        }
    }

    private static HikariConfig poolConfig(JdbcSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("herald-jdbc");
        config.setJdbcUrl(settings.connectionUrl());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        if (settings.postgres() && !settings.url().toLowerCase(Locale.ROOT).contains("rewritebatchedinserts")) {
            // lets the driver send a JDBC batch of inserts as multi-row inserts
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return config;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    @Override
    public boolean durable() {
        return settings.durable();
    }

    /** Whether a connection to the database can be had and is valid. */
    @Override
    public boolean ready() {
        return read("check the database", connection -> connection.isValid(2));
    }

    /** The thread that does every write. */
    Committer committer() {
        return committer;
    }

    /**
     * Runs a read on a pooled connection.
     *
     * @param what says what is read, for the error message
     */
    <T> T read(String what, Read<T> read) {
        if (closed.get()) {
            throw new StoreException("the JDBC store is closed");
        }
        boolean broken = false;
        try (Connection connection = pool.borrow()) {
            try {
                return read.apply(connection);
            } catch (SQLException | RuntimeException e) {
                broken = pool.dropIfBroken(connection);
                throw e;
            }
        } catch (SQLException e) {
            String reason = broken || Failures.connectionLost(e) ? "cannot reach the database at " : "failed on the database at ";
            throw new StoreException("cannot " + what + ": " + reason + settings.maskedUrl() + ": "
                    + Failures.describe(e), e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            committer.close();
            pool.close();
            LOG.log(INFO, "JDBC store at {0} closed", settings.maskedUrl());
        }
    }

    /** A read on one connection. */
    @FunctionalInterface
    interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }
}
