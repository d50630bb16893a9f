package dev.herald.store.jdbc;

import dev.herald.broker.api.Message;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JDBC store does beyond the store contract, run against each database it supports:
 * durability across reopening, group commit, the bounds applied in one transaction, the
 * schema and its readability with plain SQL.
 */
abstract class JdbcStoreBehaviour {

    static final long T0 = 1_764_095_000_000L;

    private String url;
    private final List<Store> opened = new ArrayList<>();

    /** The URL of a fresh, empty database for the current test. */
    abstract String freshUrl();

    /** Releases the test's database after its stores are closed. */
    void dispose() {
    }

    @AfterEach
    final void closeStores() {
        opened.forEach(Store::close);
        dispose();
    }

    /** The test's database URL. */
    final String url() {
        if (url == null) {
            url = freshUrl();
        }
        return url;
    }

    /** Opens (or opens again) the test's database. */
    final JdbcStore open(int retainedMax, int offlineMax) {
        Map<String, String> settings = Map.of("jdbc.url", url(), "jdbc.pool-size", "4");
        JdbcStore store = (JdbcStore) new JdbcStoreProvider()
                .open(new StoreContext(Clock.systemUTC(), retainedMax, offlineMax, settings::get));
        opened.add(store);
        return store;
    }

    private static Publication publication(String topic, String payload, long at, String... offline) {
        return new Publication(topic, payload, at, List.of(offline));
    }

    private static void offlineSession(Store store, String clientId, String... topics) {
        store.subscriptions().create(clientId);
        for (String topic : topics) {
            store.subscriptions().subscribe(clientId, topic);
        }
        store.subscriptions().markOffline(clientId, T0);
    }

    private static List<Message> byId(List<Message> messages) {
        return messages.stream().sorted(Comparator.comparingLong(Message::id)).toList();
    }

    @Test
    void reopenedStoreHasEveryAppendedMessageAndEveryQueueRow() throws Exception {
        Store store = open(1_000, 10_000);
        offlineSession(store, "everything");
        offlineSession(store, "even-topics");
        offlineSession(store, "nothing");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Message>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String topic = "T" + t;
            String[] offline = t % 2 == 0 ? new String[] {"everything", "even-topics"} : new String[] {"everything"};
            work.add(pool.submit(() -> {
                List<Message> mine = new ArrayList<>();
                for (int b = 0; b < 10; b++) {
                    int batch = b;
                    mine.addAll(store.messages().append(IntStream.range(0, 8)
                            .mapToObj(i -> publication(topic, topic + " " + batch + "/" + i, T0 + batch, offline)).toList()));
                }
                return mine;
            }));
        }
        Map<String, List<Message>> byTopic = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            byTopic.put("T" + t, work.get(t).get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        store.close();

        Store again = open(1_000, 10_000);

        List<Message> all = new ArrayList<>();
        List<Message> even = new ArrayList<>();
        byTopic.forEach((topic, messages) -> {
            assertEquals(messages, again.messages().history(topic), topic);
            all.addAll(messages);
            if (Integer.parseInt(topic.substring(1)) % 2 == 0) {
                even.addAll(messages);
            }
        });
        assertEquals(threads * 80, new HashSet<>(all.stream().map(Message::id).toList()).size(), "unique ids");
        assertEquals(byId(all), again.messages().drainQueue("everything", T0));
        assertEquals(byId(even), again.messages().drainQueue("even-topics", T0));
        assertEquals(List.of(), again.messages().drainQueue("nothing", T0));
        long newest = all.stream().mapToLong(Message::id).max().orElseThrow();
        assertTrue(again.messages().append(List.of(publication("T0", "after", T0))).getFirst().id() > newest);
    }

    @Test
    void idsKeepIncreasingAcrossReopeningEvenWhenNoMessageIsKept() {
        Store store = open(0, 0);
        offlineSession(store, "a", "NEWS");
        List<Message> before = store.messages().append(List.of(
                publication("NEWS", "1", T0, "a"), publication("NEWS", "2", T0, "a")));
        assertEquals(List.of(), store.messages().history("NEWS"));
        store.close();

        Store again = open(0, 0);
        Message after = again.messages().append(List.of(publication("NEWS", "3", T0))).getFirst();

        assertTrue(after.id() > before.get(1).id(), "id " + after.id() + " after reopening exceeds " + before.get(1).id());
    }

    @Test
    void keepsPayloadsContainingTheNulCharacter() {
        Store store = open(10, 10);
        offlineSession(store, "a", "NEWS");
        List<String> payloads = List.of("a\u0000b", "\u0000", "plain");

        store.messages().append(payloads.stream().map(p -> publication("NEWS", p, T0, "a")).toList());
        store.close();
        Store again = open(10, 10);

        assertEquals(payloads, again.messages().history("NEWS").stream().map(Message::payload).toList());
        assertEquals(payloads, again.messages().drainQueue("a", T0).stream().map(Message::payload).toList());
    }

    @Test
    void concurrentAppendsWaitingTogetherShareOneTransaction() throws Exception {
        JdbcStore store = open(1_000, 10_000);
        offlineSession(store, "sleeper");
        Committer committer = store.committer();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> busy = pool.submit(() -> committer.run(tx -> awaitInside(started, release), 1));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the committer took the first write");
            long before = committer.transactions();

            List<Future<List<Message>>> appends = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String topic = "T" + t;
                appends.add(pool.submit(() -> store.messages().append(IntStream.range(0, 64)
                        .mapToObj(i -> publication(topic, "m" + i, T0, "sleeper")).toList())));
            }
            Await.until(Duration.ofSeconds(10), "8 appends wait for the committer", () -> committer.waiting() == 8);
            release.countDown();
            busy.get(30, TimeUnit.SECONDS);
            List<Message> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<Message> stored = appends.get(t).get(30, TimeUnit.SECONDS);
                assertEquals(64, stored.size());
                assertEquals(stored, store.messages().history("T" + t));
                all.addAll(stored);
            }

            assertEquals(before + 2, committer.transactions(), "one transaction for the waiting write, one for all 8 appends");
            assertEquals(byId(all), store.messages().drainQueue("sleeper", T0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedWriteFailsAloneNotTheWritesThatSharedItsTransaction() throws Exception {
        JdbcStore store = open(1_000, 10_000);
        Committer committer = store.committer();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (CapturedLog log = new CapturedLog(Committer.class)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> busy = pool.submit(() -> committer.run(tx -> awaitInside(started, release), 1));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the committer took the first write");

            Future<List<Message>> first = pool.submit(() -> store.messages().append(List.of(publication("NEWS", "first", T0))));
            Await.until(Duration.ofSeconds(10), "the first append waits", () -> committer.waiting() == 1);
            // a session that does not exist cannot have subscriptions: the database refuses this one
            Future<?> refused = pool.submit(() -> store.subscriptions().subscribe("nobody", "NEWS"));
            Await.until(Duration.ofSeconds(10), "the subscribe waits", () -> committer.waiting() == 2);
            Future<List<Message>> second = pool.submit(() -> store.messages().append(List.of(publication("NEWS", "second", T0))));
            Await.until(Duration.ofSeconds(10), "the second append waits", () -> committer.waiting() == 3);
            release.countDown();
            busy.get(30, TimeUnit.SECONDS);

            ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS));
            assertInstanceOf(StoreException.class, failure.getCause());
            assertTrue(failure.getCause().getMessage().contains("refused"), failure.getCause().getMessage());
            List<Message> stored = new ArrayList<>(first.get(30, TimeUnit.SECONDS));
            stored.addAll(second.get(30, TimeUnit.SECONDS));
            assertEquals(stored, store.messages().history("NEWS"));
            assertEquals(Optional.empty(), store.subscriptions().find("nobody"));
            assertEquals(1, log.messages(Level.WARNING, "refused a write").size(), "the refusal is logged");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Object awaitInside(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    @Test
    void appliesTheBoundsToABatchLargerThanThemInOneAppend() {
        Store store = open(3, 4);
        offlineSession(store, "a", "NEWS");

        List<Message> stored = store.messages().append(IntStream.range(0, 10)
                .mapToObj(i -> publication("NEWS", "m" + i, T0, "a")).toList());

        assertEquals(stored.subList(7, 10), store.messages().history("NEWS"));
        assertEquals(stored.subList(6, 10), store.messages().drainQueue("a", T0));
        assertEquals(6, store.messages().droppedOfflineMessages());
    }

    @Test
    void purgesMoreThanOneChunkPerCallUpToTheLimit() {
        Store store = open(10, 10_000);
        offlineSession(store, "a", "NEWS");
        int old = JdbcMessageStore.PURGE_CHUNK * 2 + 500;
        for (int from = 0; from < old; from += 500) {
            store.messages().append(IntStream.range(0, 500).mapToObj(i -> publication("NEWS", "old", T0 - 1, "a")).toList());
        }
        Message young = store.messages().append(List.of(publication("NEWS", "young", T0, "a"))).getFirst();

        int limit = JdbcMessageStore.PURGE_CHUNK * 2 + 200;
        assertEquals(limit, store.messages().purgeExpired(T0, limit));
        assertEquals(old - limit, store.messages().purgeExpired(T0, limit));
        assertEquals(List.of(young), store.messages().drainQueue("a", 0));
    }

    @Test
    void recordsOneSchemaVersionAndAppliesNothingWhenReopened() throws SQLException {
        open(10, 10).close();
        open(10, 10);

        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, description FROM schema_version ORDER BY version")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1));
            assertTrue(rows.getString(2).contains("sessions"), rows.getString(2));
            assertEquals(SchemaMigrations.latestVersion() > 1, rows.next());
        }
    }

    @Test
    void refusesToOpenADatabaseWithANewerSchema() throws SQLException {
        open(10, 10).close();
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
        }

        StoreException e = assertThrows(StoreException.class, () -> open(10, 10));

        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void theExampleQueriesOfTheReadmeRunOnTheStoredData() throws SQLException, IOException {
        Store store = open(1_000, 10_000);
        offlineSession(store, "sleeper", "NEWS");
        store.subscriptions().create("awake");
        store.messages().append(List.of(
                publication("NEWS", "older", T0, "sleeper"), publication("NEWS", "newer", T0 + 1, "sleeper")));

        List<String> queries = exampleQueries();
        assertEquals(2, queries.size(), "the project README holds two example queries");
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(queries.get(0))) {
                assertTrue(rows.next());
                assertEquals("newer", rows.getString("payload"));
                assertTrue(rows.next());
                assertEquals("older", rows.getString("payload"));
            }
            try (ResultSet rows = statement.executeQuery(queries.get(1))) {
                assertTrue(rows.next());
                assertEquals("sleeper", rows.getString("client_id"));
                assertEquals(2, rows.getInt("queued"));
                assertEquals(T0 + 1, rows.getLong("newest_published_at"));
            }
        }
    }

    /** The SQL blocks of the project's README, found from the module folder tests run in. */
    private static List<String> exampleQueries() throws IOException {
        String text;
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("..", "README.md"))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> queries = new ArrayList<>();
        while (block.find()) {
            queries.add(block.group(1).strip().replaceAll(";$", ""));
        }
        return queries;
    }

    @Test
    void queuedMessagesOfADeletedSessionDoNotCountTowardsANewOne() {
        Store store = open(10, 2);
        offlineSession(store, "a", "NEWS");
        store.messages().append(List.of(publication("NEWS", "1", T0, "a"), publication("NEWS", "2", T0, "a")));
        store.subscriptions().delete("a");
        offlineSession(store, "a", "NEWS");

        List<Message> fresh = store.messages().append(List.of(publication("NEWS", "3", T0, "a"), publication("NEWS", "4", T0, "a")));

        assertEquals(fresh, store.messages().drainQueue("a", T0));
        assertEquals(0, store.messages().droppedOfflineMessages());
    }
}
