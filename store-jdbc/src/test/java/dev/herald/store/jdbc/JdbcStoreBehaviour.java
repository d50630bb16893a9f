package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.SessionRecord;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.testsupport.Await;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    private static Publication retainedPublication(String topic, String payload, long at, int qos) {
        return new Publication(topic, payload, at, List.of(), qos, true);
    }

    private static List<Message> retained(Store store, String filter) {
        return store.messages().retained(TopicFilter.parse(filter));
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
            Await.until("8 appends wait for the committer", Duration.ofSeconds(10), () -> committer.waiting() == 8);
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
            Await.until("the first append waits", Duration.ofSeconds(10), () -> committer.waiting() == 1);
            // a session that does not exist cannot have subscriptions: the database refuses this one
            Future<?> refused = pool.submit(() -> store.subscriptions().subscribe("nobody", "NEWS"));
            Await.until("the subscribe waits", Duration.ofSeconds(10), () -> committer.waiting() == 2);
            Future<List<Message>> second = pool.submit(() -> store.messages().append(List.of(publication("NEWS", "second", T0))));
            Await.until("the second append waits", Duration.ofSeconds(10), () -> committer.waiting() == 3);
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

    @Test
    void retainedPublicationsSharingATransactionLeaveEachTopicItsLastOne() throws Exception {
        JdbcStore store = open(1_000, 10_000);
        Committer committer = store.committer();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> busy = pool.submit(() -> committer.run(tx -> awaitInside(started, release), 1));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the committer took the first write");
            long before = committer.transactions();

            Future<List<Message>> first = pool.submit(() -> store.messages().append(List.of(
                    retainedPublication("NEWS", "first", T0, 2))));
            Await.until("the first append waits", Duration.ofSeconds(10), () -> committer.waiting() == 1);
            Future<List<Message>> second = pool.submit(() -> store.messages().append(List.of(
                    retainedPublication("WEATHER", "sunny", T0, 1), retainedPublication("NEWS", "second", T0, 0))));
            Await.until("the second append waits", Duration.ofSeconds(10), () -> committer.waiting() == 2);
            Future<List<Message>> third = pool.submit(() -> store.messages().append(List.of(
                    retainedPublication("WEATHER", "", T0, 1))));
            Await.until("the third append waits", Duration.ofSeconds(10), () -> committer.waiting() == 3);
            release.countDown();
            busy.get(30, TimeUnit.SECONDS);
            Message news = second.get(30, TimeUnit.SECONDS).get(1);
            first.get(30, TimeUnit.SECONDS);
            third.get(30, TimeUnit.SECONDS);

            assertEquals(before + 2, committer.transactions(), "one transaction for the waiting write, one for the 3 appends");
            assertEquals(List.of(news), retained(store, "#"));
            assertEquals(0, news.qos());
            assertEquals(2, store.messages().history("WEATHER").size(), "the clearing message is stored too");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedAppendChangesNoRetainedMessage() {
        Store store = open(1_000, 10_000);
        Message kept = store.messages().append(List.of(retainedPublication("NEWS", "kept", T0, 1))).getFirst();
        String tooLong = "T".repeat(200); // the topic columns hold 128 characters: the database refuses it

        assertThrows(StoreException.class, () -> store.messages().append(List.of(
                retainedPublication("NEWS", "replacement", T0 + 1, 2),
                retainedPublication("WEATHER", "new", T0 + 1, 1),
                retainedPublication(tooLong, "refused", T0 + 1, 1))));
        assertThrows(StoreException.class, () -> store.messages().append(List.of(
                retainedPublication("NEWS", "", T0 + 2, 1),
                new Publication(tooLong, "refused", T0 + 2, List.of()))));

        assertEquals(List.of(kept), retained(store, "#"));
        assertEquals(List.of(kept), store.messages().history("NEWS"));
        assertEquals(List.of("NEWS"), store.messages().topics());
        Message after = store.messages().append(List.of(retainedPublication("NEWS", "after", T0 + 3, 0))).getFirst();
        assertEquals(List.of(after), retained(store, "NEWS"));
    }

    @Test
    void keepsQosAndRetainedMessagesInColumnsThatPlainSqlReads() throws SQLException {
        Store store = open(10, 10);
        store.subscriptions().create("a");
        store.subscriptions().subscribe("a", "sensors/#", 2);
        byte[] binary = {(byte) 0xff, 0, 1};
        store.messages().append(List.of(
                retainedPublication("NEWS", "Grüße", T0, 2),
                new Publication("sensors/raw", binary, T0 + 1, List.of(), 0, true)));

        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT topic, published_at, qos, payload, payload_utf8 FROM mqtt_retained ORDER BY id")) {
                assertTrue(rows.next());
                assertEquals("NEWS", rows.getString("topic"));
                assertEquals(T0, rows.getLong("published_at"));
                assertEquals(2, rows.getInt("qos"));
                assertEquals("Grüße", rows.getString("payload"));
                assertEquals(null, rows.getBytes("payload_utf8"));
                assertTrue(rows.next());
                assertEquals("sensors/raw", rows.getString("topic"));
                assertEquals(0, rows.getInt("qos"));
                assertEquals(null, rows.getString("payload"));
                assertArrayEquals(binary, rows.getBytes("payload_utf8"));
                assertTrue(!rows.next());
            }
            try (ResultSet rows = statement.executeQuery("SELECT qos FROM retained_messages WHERE topic = 'NEWS'")) {
                assertTrue(rows.next());
                assertEquals(2, rows.getInt(1));
            }
            try (ResultSet rows = statement.executeQuery("SELECT topic, qos FROM subscriptions WHERE client_id = 'a'")) {
                assertTrue(rows.next());
                assertEquals("sensors/#", rows.getString(1));
                assertEquals(2, rows.getInt(2));
            }
        }
    }

    /**
     * Makes the test's database one of schema {@code version}, no newer, holding the rows that
     * {@code inserts} (as a Herald of that version writes them) put in it.
     */
    private void databaseOfVersion(int version, String... inserts) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url())) {
            assertEquals(IntStream.rangeClosed(1, version).boxed().toList(),
                    new SchemaMigrations(Clock.systemUTC()).migrate(connection, version));
            try (Statement statement = connection.createStatement()) {
                for (String insert : inserts) {
                    statement.executeUpdate(insert);
                }
            }
        }
    }

    @Test
    void upgradesADatabaseOfSchemaVersion2InPlace() throws SQLException {
        databaseOfVersion(2,
                "INSERT INTO sessions (client_id, offline_since, owner) VALUES ('away', " + T0 + ", 'bob')",
                "INSERT INTO subscriptions (client_id, topic) VALUES ('away', 'NEWS')",
                "INSERT INTO retained_messages (id, topic, published_at, payload, payload_utf8) "
                        + "VALUES (7, 'NEWS', " + T0 + ", 'before', NULL)",
                "INSERT INTO offline_queue (client_id, message_id, topic, published_at, payload, payload_utf8) "
                        + "VALUES ('away', 7, 'NEWS', " + T0 + ", 'before', NULL)",
                "UPDATE message_ids SET last_id = 7");

        Store store = open(10, 10);

        Message before = new Message(7, "NEWS", T0, "before");
        assertEquals(List.of(before), store.messages().history("NEWS"), "a message stored before is QoS 1");
        assertEquals(List.of(), retained(store, "#"));
        assertEquals(Optional.of(new SessionRecord("away", Map.of("NEWS", 1), T0, "bob")), store.subscriptions().find("away"));
        Message after = store.messages().append(List.of(
                new Publication("NEWS", "after", T0 + 1, List.of("away"), 2, true))).getFirst();
        assertTrue(after.id() > before.id());
        assertEquals(List.of(after), retained(store, "NEWS"));
        assertEquals(List.of(before, after), store.messages().drainQueue("away", T0));
        store.subscriptions().subscribe("away", "NEWS", 0);
        assertEquals(0, store.subscriptions().find("away").orElseThrow().qos("NEWS"));
        store.close();

        assertEveryVersionRecorded();
    }

    /** Asserts that {@code schema_version} records every version from 1 to the latest, once. */
    private void assertEveryVersionRecorded() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
            assertEquals(IntStream.rangeClosed(1, SchemaMigrations.latestVersion()).boxed().toList(), versions);
            assertTrue(SchemaMigrations.latestVersion() >= 4);
        }
    }

    @Test
    void upgradesADatabaseOfSchemaVersion3InPlace() throws SQLException {
        databaseOfVersion(3,
                "INSERT INTO sessions (client_id, offline_since, owner) VALUES ('away', " + T0 + ", NULL)",
                "INSERT INTO subscriptions (client_id, topic, qos) VALUES ('away', 'sensors/#', 2)",
                "INSERT INTO retained_messages (id, topic, published_at, qos, payload, payload_utf8) "
                        + "VALUES (7, 'sensors/hall', " + T0 + ", 2, 'history', NULL)",
                "INSERT INTO offline_queue (client_id, message_id, topic, published_at, qos, payload, payload_utf8) "
                        + "VALUES ('away', 7, 'sensors/hall', " + T0 + ", 2, 'history', NULL)",
                "INSERT INTO mqtt_retained (topic, id, published_at, qos, payload, payload_utf8) "
                        + "VALUES ('sensors/hall', 7, " + T0 + ", 2, 'history', NULL)",
                "UPDATE message_ids SET last_id = 7");

        Store store = open(10, 10);

        Message before = new Message(7, "sensors/hall", T0, "history".getBytes(StandardCharsets.UTF_8), 2);
        assertEquals(List.of(before), store.messages().history("sensors/hall"), "a message stored before has no properties");
        assertEquals(List.of(before), retained(store, "sensors/hall"));
        assertEquals(List.of(before), retained(store, "sensors/#"));
        assertEquals(Message.NEVER_EXPIRES, retained(store, "#").getFirst().expiresAt(), "and never expires");
        byte[] properties = {0x01, 0x01, 0x09, 0x00, 0x01, 0x00};
        Message after = store.messages().append(List.of(new Publication("sensors/hall", "after".getBytes(StandardCharsets.UTF_8),
                T0 + 1, List.of("away"), 1, true, properties.clone(), T0 + 60_000))).getFirst();
        assertTrue(after.id() > before.id());
        assertEquals(List.of(after), retained(store, "sensors/hall"));
        assertEquals(List.of(before, after), store.messages().history("sensors/hall"));
        assertEquals(List.of(before, after), store.messages().drainQueue("away", T0));
        assertEquals(Map.of("sensors/#", 2), store.subscriptions().find("away").orElseThrow().subscriptions());
        store.close();

        assertEveryVersionRecorded();
    }

    @Test
    void keepsPropertiesAndExpiryTimesInColumnsThatAreNullForMessagesWithout() throws SQLException {
        Store store = open(10, 10);
        offlineSession(store, "a", "NEWS");
        byte[] properties = {0x01, 0x01, 0x03, 0x00, 0x04, 't', 'e', 'x', 't', 0x09, 0x00, 0x01, (byte) 0xff};
        store.messages().append(List.of(
                new Publication("NEWS", "Grüße".getBytes(StandardCharsets.UTF_8), T0, List.of("a"), 1, true,
                        properties.clone(), T0 + 60_000),
                new Publication("WEATHER", "plain", T0 + 1, List.of("a"), 0, true)));

        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement()) {
            for (String table : List.of("retained_messages", "offline_queue", "mqtt_retained")) {
                String id = table.equals("offline_queue") ? "message_id" : "id";
                try (ResultSet rows = statement.executeQuery(
                        "SELECT topic, payload, properties, expires_at FROM " + table + " ORDER BY " + id)) {
                    assertTrue(rows.next(), table);
                    assertEquals("Grüße", rows.getString("payload"), table + ": the payload stays text");
                    assertArrayEquals(properties, rows.getBytes("properties"), table);
                    assertEquals(T0 + 60_000, rows.getLong("expires_at"), table);
                    assertTrue(rows.next(), table);
                    assertEquals("WEATHER", rows.getString("topic"), table);
                    assertEquals(null, rows.getBytes("properties"), table + ": no properties");
                    assertEquals(null, rows.getObject("expires_at"), table + ": never expires");
                    assertTrue(!rows.next(), table);
                }
            }
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
