package dev.herald.bench.jmh;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.Providers;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * {@code MessageStore.append} of a store found the way the server finds it (by name,
 * through {@link ServiceLoader}): the memory store by default, {@code -p store=jdbc} for
 * the JDBC store on an in-memory H2 database. Scores are batches per second; the retained
 * history is at its cap (1,000) and offline queues at theirs (10,000) soon after warm-up,
 * so trimming is measured too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreAppendBenchmark {

    /** The store provider's name. */
    @Param({"memory"})
    public String store;

    /** Publications per append call (the server batches what queued up for a topic). */
    @Param({"1", "64"})
    public int batch;

    /** Offline subscribers of the topic, whose queues get every message. */
    @Param({"0", "10"})
    public int offline;

    private Store open;
    private List<Publication> publications;

    @Setup(Level.Trial)
    public void setUp() {
        StoreProvider provider = Providers.select("store", "-p store", store, ServiceLoader.load(StoreProvider.class));
        open = provider.open(new StoreContext(Clock.systemUTC(), 1_000, 10_000,
                name -> name.equals("jdbc.url") ? "jdbc:h2:mem:herald-jmh;DB_CLOSE_DELAY=-1" : null));
        List<String> offlineIds = new ArrayList<>();
        for (int i = 0; i < offline; i++) {
            String id = "offline-" + i;
            open.subscriptions().create(id);
            open.subscriptions().subscribe(id, "NEWS");
            open.subscriptions().markOffline(id, System.currentTimeMillis());
            offlineIds.add(id);
        }
        String payload = "x".repeat(100);
        publications = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            publications.add(new Publication("NEWS", payload, System.currentTimeMillis(), offlineIds));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.close();
    }

    /** One append of {@code batch} publications. */
    @Benchmark
    public List<Message> append() {
        return open.messages().append(publications);
    }
}
