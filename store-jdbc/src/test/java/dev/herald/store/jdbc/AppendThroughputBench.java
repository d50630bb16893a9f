package dev.herald.store.jdbc;

import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A quick throughput figure for {@code append}: 8 threads, each appending batches of 64 messages
 * (100 characters each) to a topic of its own, every message also queued for one offline
 * subscriber. Prints messages per second and messages per transaction; asserts nothing about
 * speed. Runs only when asked:
 * {@code mvn -pl store-jdbc test -Dtest=AppendThroughputBench -Dherald.bench=true}
 * ({@code -Dherald.bench.batches=N} batches per thread, 100 by default;
 * {@code -Dherald.bench.offline=N} offline subscribers, 1 by default).
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "herald.bench", matches = "true")
class AppendThroughputBench {

    private static final int THREADS = 8;
    private static final int BATCH = 64;
    private static final int BATCHES_PER_THREAD = Integer.getInteger("herald.bench.batches", 100);
    private static final int OFFLINE = Integer.getInteger("herald.bench.offline", 1);
    private static final String PAYLOAD = "x".repeat(100);

    @TempDir
    Path dir;

    @Test
    void h2File() throws Exception {
        run("H2 file", "jdbc:h2:file:" + dir.resolve("herald"));
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.mapToLong(AppendThroughputBench::size).sum();
        }
        System.out.printf(Locale.ROOT, "H2 file: %.1f MiB on disk after the run%n", bytes / 1048576.0);
    }

    @Test
    void postgres() throws Exception {
        assumeTrue(PostgresDatabase.baseUrl().isPresent(), PostgresDatabase::unavailableReason);
        try (PostgresDatabase.Schema schema = PostgresDatabase.freshSchema()) {
            run("PostgreSQL", schema.url());
        }
    }

    private static void run(String name, String url) throws Exception {
        Map<String, String> settings = Map.of("jdbc.url", url);
        try (Store store = new JdbcStoreProvider().open(new StoreContext(Clock.systemUTC(), 1_000, 10_000, settings::get))) {
            List<String> offline = IntStream.range(0, OFFLINE).mapToObj(i -> "sleeper-" + i).toList();
            for (String clientId : offline) {
                store.subscriptions().create(clientId);
                store.subscriptions().markOffline(clientId, 0);
            }
            round(store, offline, 10); // warm-up
            Committer committer = ((JdbcStore) store).committer();
            long transactions = committer.transactions();
            long start = System.nanoTime();
            int messages = round(store, offline, BATCHES_PER_THREAD);
            double seconds = (System.nanoTime() - start) / 1e9;
            transactions = committer.transactions() - transactions;
            System.out.printf(Locale.ROOT, "%s, %d offline subscribers: %d threads x %d batches of %d = %d messages in %.2f s: "
                            + "%.0f messages/s, %d transactions (%.0f messages each)%n", name, OFFLINE, THREADS, BATCHES_PER_THREAD, BATCH, messages,
                    seconds, messages / seconds, transactions, (double) messages / transactions);
        }
    }

    /** Every thread appends {@code batches} batches to its own topic; returns the messages appended. */
    private static int round(Store store, List<String> offline, int batches) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String topic = "T" + t;
                List<Publication> batch = IntStream.range(0, BATCH)
                        .mapToObj(i -> new Publication(topic, PAYLOAD, System.currentTimeMillis(), offline)).toList();
                work.add(pool.submit(() -> {
                    start.await();
                    int appended = 0;
                    for (int b = 0; b < batches; b++) {
                        appended += store.messages().append(batch).size();
                    }
                    return appended;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : work) {
                total += f.get(10, TimeUnit.MINUTES);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
