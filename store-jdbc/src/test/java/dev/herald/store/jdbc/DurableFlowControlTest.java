package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Flow control over the durable store, at the server's default options: a store's large
 * commit batches do not make a reading subscriber a slow consumer, and ids follow publish
 * order across topics on H2 and PostgreSQL.
 */
class DurableFlowControlTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private HeraldServer start(String jdbcUrl) throws Exception {
        HeraldServer server = HeraldServer.builder().port(0).host("127.0.0.1").store("jdbc")
                .setting("jdbc.url", jdbcUrl).build().start();
        toClose.add(server);
        return server;
    }

    private HeraldClient client(HeraldServer server, String id) {
        HeraldClient c = HeraldClient.builder().host("127.0.0.1").port(server.port()).clientId(id).build();
        toClose.add(c);
        c.connect();
        return c;
    }

    private static String h2(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("herald").toAbsolutePath();
    }

    /** Publishes {@code count} payloads pipelined, and returns the acks' ids in publish order. */
    private static List<Long> pipeline(HeraldClient pub, int count, java.util.function.IntFunction<String> topic,
                                       java.util.function.IntFunction<String> payload) throws Exception {
        List<CompletableFuture<Long>> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            acks.add(pub.publishAsync(topic.apply(i), payload.apply(i)));
        }
        List<Long> ids = new ArrayList<>(count);
        for (CompletableFuture<Long> ack : acks) {
            ids.add(ack.get(60, TimeUnit.SECONDS));
        }
        return ids;
    }

    private static void assertIncreasing(List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "publish " + i + " got id " + ids.get(i) + " after " + ids.get(i - 1));
        }
    }

    @Test
    void aSubscriberReadingKilobyteMessagesKeepsUpWithDurableBatches(@TempDir Path dir) throws Exception {
        HeraldServer server = start(h2(dir));
        HeraldClient sub = client(server, "reader");
        int total = 30_000;
        AtomicInteger got = new AtomicInteger();
        List<String> disorder = new ArrayList<>();
        sub.subscribe("NEWS", m -> {
            int n = Integer.parseInt(m.payload().substring(0, m.payload().indexOf(' ')));
            if (n != got.getAndIncrement()) {
                disorder.add(m.payload().substring(0, 12));
            }
        });
        String pad = " " + "k".repeat(1000);
        List<Long> ids = pipeline(client(server, "writer"), total, i -> "NEWS", i -> i + pad);
        assertIncreasing(ids);
        Await.until("every message reached the subscriber", java.time.Duration.ofSeconds(60), () -> got.get() == total);
        assertTrue(disorder.isEmpty(), "in publish order: " + disorder);
        assertTrue(sub.isConnected(), "never cut off");
        sub.ping();
    }

    @Test
    void fiftyPublishersToOneSubscriberOnADurableStore(@TempDir Path dir) throws Exception {
        HeraldServer server = start(h2(dir));
        HeraldClient sub = client(server, "fan-in");
        int publishers = 50;
        int each = 1_000;
        ConcurrentHashMap<String, Integer> last = new ConcurrentHashMap<>();
        AtomicInteger got = new AtomicInteger();
        AtomicInteger disorder = new AtomicInteger();
        sub.subscribe("NEWS", (Message m) -> {
            String[] words = m.payload().split(" ");
            int n = Integer.parseInt(words[1]);
            Integer before = last.put(words[0], n);
            if (n != (before == null ? 0 : before + 1)) {
                disorder.incrementAndGet();
            }
            got.incrementAndGet();
        });
        List<CompletableFuture<List<Long>>> runs = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            HeraldClient pub = client(server, "pub-" + p);
            String name = "p" + p;
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return pipeline(pub, each, i -> "NEWS", i -> name + " " + i + " " + "f".repeat(200));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<List<Long>> run : runs) {
            assertIncreasing(run.get(120, TimeUnit.SECONDS));
        }
        Await.until("every message reached the subscriber", java.time.Duration.ofSeconds(60), () -> got.get() == publishers * each);
        assertEquals(0, disorder.get(), "each publisher's messages in its order");
        assertTrue(sub.isConnected(), "never cut off");
    }

    private void idsFollowPublishOrderAcrossTopics(String jdbcUrl) throws Exception {
        HeraldServer server = start(jdbcUrl);
        List<Long> ids = pipeline(client(server, "alternating"), 2_000,
                i -> i % 2 == 0 ? "NEWS" : "WEATHER", Integer::toString);
        assertIncreasing(ids);
    }

    @Test
    void idsFollowPublishOrderAcrossTopicsOnH2(@TempDir Path dir) throws Exception {
        idsFollowPublishOrderAcrossTopics(h2(dir));
    }

    @Test
    void idsFollowPublishOrderAcrossTopicsOnPostgres() throws Exception {
        assumeTrue(PostgresDatabase.baseUrl().isPresent(), PostgresDatabase::unavailableReason);
        try (PostgresDatabase.Schema schema = PostgresDatabase.freshSchema()) {
            idsFollowPublishOrderAcrossTopics(schema.url());
            closeAll();
            toClose.clear();
        }
    }
}
