package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.testsupport.Await;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The database goes away while the store is open and comes back: calls fail with a
 * {@link StoreException} that says so, nothing of a failed append is stored, and the same
 * store works again once the database is reachable.
 */
class DatabaseOutageTest {

    private static final long T0 = 1_764_095_000_000L;

    @TempDir
    Path dir;

    @Test
    void h2ServerOutage() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        try (TcpProxy proxy = new TcpProxy(new InetSocketAddress("127.0.0.1", h2.getPort()))) {
            survivesAnOutage("jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/herald", proxy);
        } finally {
            h2.stop();
        }
    }

    @Test
    void postgresOutage() throws Exception {
        assumeTrue(PostgresDatabase.baseUrl().isPresent(), PostgresDatabase::unavailableReason);
        try (PostgresDatabase.Schema schema = PostgresDatabase.freshSchema()) {
            Matcher address = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?/").matcher(schema.url());
            assumeTrue(address.find(), "a PostgreSQL URL with one host: " + schema.url());
            int port = address.group(2) == null ? 5432 : Integer.parseInt(address.group(2));
            try (TcpProxy proxy = new TcpProxy(new InetSocketAddress(address.group(1), port))) {
                survivesAnOutage(address.replaceFirst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"), proxy);
            }
        }
    }

    private static void survivesAnOutage(String url, TcpProxy proxy) throws SQLException {
        Map<String, String> settings = Map.of("jdbc.url", url, "jdbc.connection-timeout", "1s", "jdbc.pool-size", "2");
        try (CapturedLog log = new CapturedLog(Committer.class);
             Store store = new JdbcStoreProvider().open(new StoreContext(Clock.systemUTC(), 100, 100, settings::get))) {
            store.subscriptions().create("sleeper");
            store.subscriptions().subscribe("sleeper", "NEWS");
            store.subscriptions().markOffline("sleeper", T0);
            Message before = append(store, "before");

            proxy.down();
            StoreException failure = assertThrows(StoreException.class, () -> append(store, "during"));
            assertTrue(failure.getMessage().contains("cannot reach the database"), failure.getMessage());
            StoreException readFailure = assertThrows(StoreException.class, () -> store.messages().history("NEWS"));
            assertTrue(readFailure.getMessage().contains("cannot reach the database"), readFailure.getMessage());

            proxy.up();
            AtomicReference<Message> after = new AtomicReference<>();
            Await.until("the store writes again", Duration.ofSeconds(30), () -> {
                try {
                    after.set(append(store, "after"));
                    return true;
                } catch (StoreException stillDown) {
                    return false;
                }
            });

            assertEquals(List.of(before, after.get()), store.messages().history("NEWS"), "nothing of the failed append");
            assertEquals(List.of(before, after.get()), store.messages().drainQueue("sleeper", T0));
            assertTrue(after.get().id() > before.id());
            assertEquals(1, log.messages(Level.WARNING, "cannot reach the database").size(), "the outage is logged once");
            assertEquals(1, log.messages(Level.INFO, "works again").size(), "and its end once");
        }
    }

    private static Message append(Store store, String payload) {
        return store.messages().append(List.of(new Publication("NEWS", payload, T0, List.of("sleeper")))).getFirst();
    }
}
