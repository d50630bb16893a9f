package dev.herald.store.jdbc;

import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreListener;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.StoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcStoreProviderTest {

    @TempDir
    Path dir;

    private static StoreContext context(Map<String, String> settings) {
        return new StoreContext(Clock.systemUTC(), 10, 10, settings::get);
    }

    @Test
    void isNamedJdbc() {
        assertEquals("jdbc", new JdbcStoreProvider().name());
    }

    @Test
    void isDeclaredAsAServiceOnTheModulePathAndTheClassPath() throws IOException {
        ModuleDescriptor descriptor = JdbcStoreProvider.class.getModule().getDescriptor();
        if (descriptor != null) {
            assertTrue(descriptor.provides().stream().anyMatch(p -> p.service().equals(StoreProvider.class.getName())
                            && p.providers().equals(List.of(JdbcStoreProvider.class.getName()))),
                    "module-info provides StoreProvider with JdbcStoreProvider: " + descriptor.provides());
        }
        try (InputStream in = JdbcStoreProvider.class.getClassLoader()
                .getResourceAsStream("META-INF/services/" + StoreProvider.class.getName())) {
            assertNotNull(in, "META-INF/services file");
            assertEquals(List.of(JdbcStoreProvider.class.getName()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        }
    }

    @Test
    void opensAnH2FileDatabaseInAFolderThatDoesNotExistYet() {
        Path folder = dir.resolve("new").resolve("folder");
        try (var store = new JdbcStoreProvider().open(context(Map.of("jdbc.url", "jdbc:h2:file:" + folder.resolve("herald"))))) {
            assertTrue(store.durable());
            assertEquals(List.of(), store.subscriptions().all());
        }
        assertTrue(Files.exists(folder.resolve("herald.mv.db")));
    }

    @Test
    void tellsItsListenerHowLongEachCommitTook() {
        AtomicInteger commits = new AtomicInteger();
        StoreListener listener = new StoreListener() {
            @Override
            public void committed(long nanos) {
                assertTrue(nanos >= 0, "a duration: " + nanos);
                commits.incrementAndGet();
            }
        };
        StoreContext context = new StoreContext(Clock.systemUTC(), 10, 10,
                Map.of("jdbc.url", "jdbc:h2:file:" + dir.resolve("listened"))::get, listener);
        try (var store = new JdbcStoreProvider().open(context)) {
            int before = commits.get();
            store.messages().append(List.of(new Publication("NEWS", "x", 1, List.of())));
            assertTrue(commits.get() > before, "the append's commit was reported");
        }
    }

    @Test
    void failsToOpenAnUnreachableDatabaseWithAStoreExceptionNamingIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:h2:tcp://127.0.0.1:" + closedPort + "/nowhere";

        StoreException e = assertThrows(StoreException.class,
                () -> new JdbcStoreProvider().open(context(Map.of("jdbc.url", url, "jdbc.connection-timeout", "500ms"))));

        assertTrue(e.getMessage().contains(url), e.getMessage());
    }

    @Test
    void failsToOpenWithoutADriverForTheUrl() {
        StoreException e = assertThrows(StoreException.class,
                () -> new JdbcStoreProvider().open(context(Map.of("jdbc.url", "jdbc:nosuchdb://localhost/x"))));
        assertTrue(e.getMessage().contains("jdbc:nosuchdb://localhost/x"), e.getMessage());
    }

    @Test
    void declaresItsSettingsSoThatAServerRefusesAMisspeltOne() {
        assertEquals(java.util.Set.of("jdbc.url", "jdbc.user", "jdbc.password", "jdbc.pool-size", "jdbc.connection-timeout"),
                new JdbcStoreProvider().settings());
        var server = dev.herald.broker.server.HeraldServer.Builder.fromProperties(Map.of("broker.port", "0",
                "broker.store", "jdbc", "broker.jdbc.pool_size", "4")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, server::start);
        assertEquals("unknown option broker.jdbc.pool_size; the nearest known option is broker.jdbc.pool-size", e.getMessage());
    }

    @Test
    void rejectsAnInvalidSettingBeforeConnecting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JdbcStoreProvider().open(context(Map.of("jdbc.pool-size", "many"))));
        assertTrue(e.getMessage().contains("broker.jdbc.pool-size"), e.getMessage());
    }
}
