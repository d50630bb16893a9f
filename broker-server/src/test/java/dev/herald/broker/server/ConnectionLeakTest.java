package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections opened and ended every way a client ends one: cleanly with {@code DISC},
 * dropped without it, reset (RST) in the middle of a session, and cut in the middle of a
 * frame. After 10,000 of them, the platform threads, the server's connections (each served
 * by virtual threads), the open file descriptors and the live heap are what they were
 * before, within a small tolerance. The figures are printed.
 */
class ConnectionLeakTest extends ServerFixture {

    private static final int CYCLES = 10_000;
    private static final int WARM_UP = 1_000;
    private static final int WORKERS = 4;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);
    private static final int THREAD_TOLERANCE = 3;
    private static final int FD_TOLERANCE = 3;
    private static final long HEAP_TOLERANCE = 4L << 20;
    private static final Path FDS = Path.of("/proc/self/fd");

    /** How a cycle ends its connection. */
    private enum Ending { DISC, DROP, RESET, HALF_FRAME, HALF_FRAME_RESET }

    /** What is measured before and after. */
    private record Figures(int platformThreads, int heraldThreads, int connections, int fds, long heap) {
        static Figures measure(HeraldServer server) {
            List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
            return new Figures(names.size(), (int) names.stream().filter(n -> n.startsWith("herald-")).count(),
                    server.connectionCount(), openFds(), liveHeap());
        }
    }

    @Test
    void tenThousandConnectionsEndedCleanlyAbruptlyOrMidFrameLeaveNothingBehind() throws Exception {
        try (QuietLogs quiet = new QuietLogs()) {
            start(b -> b.retainedMax(10).offlineMax(10)); // bounded state: what is left over is a leak
            run(WARM_UP, new AtomicIntegerArray(Ending.values().length)); // fills pools, loads classes
            Await.until("the warm-up's connections are closed", () -> server.connectionCount() == 0);
            Figures before = Figures.measure(server);

            AtomicIntegerArray endings = new AtomicIntegerArray(Ending.values().length);
            long start = System.nanoTime();
            int cycles = run(CYCLES, endings);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Await.until("every connection is closed", () -> server.connectionCount() == before.connections());
            if (before.fds() >= 0) {
                Await.until("the file descriptors are back", () -> openFds() <= before.fds() + FD_TOLERANCE);
            }
            Figures after = Figures.measure(server);
            for (int retry = 0; retry < 5 && after.heap() > before.heap() + HEAP_TOLERANCE; retry++) {
                after = Figures.measure(server); // collection is not exact: measure again
            }

            StringBuilder counts = new StringBuilder();
            for (Ending e : Ending.values()) {
                counts.append(counts.isEmpty() ? "" : ", ").append(e.name().toLowerCase()).append(' ').append(endings.get(e.ordinal()));
            }
            System.out.printf("connection leaks: %d cycles in %d ms (%s)%n", cycles, millis, counts);
            System.out.printf("  platform threads   before %d, after %d (herald's own: %d, %d)%n",
                    before.platformThreads(), after.platformThreads(), before.heraldThreads(), after.heraldThreads());
            System.out.printf("  server connections before %d, after %d%n", before.connections(), after.connections());
            System.out.printf("  file descriptors   %s%n", before.fds() < 0
                    ? "not measured: this system has no " + FDS : "before " + before.fds() + ", after " + after.fds());
            System.out.printf("  live heap          before %.1f MiB, after %.1f MiB%n", before.heap() / 1048576.0, after.heap() / 1048576.0);

            assertEquals(CYCLES, cycles, "cycles done within " + TIME_LIMIT.toSeconds() + " s");
            assertEquals(before.heraldThreads(), after.heraldThreads(), "the server's platform threads");
            Figures end = after;
            assertTrue(end.platformThreads() <= before.platformThreads() + THREAD_TOLERANCE,
                    () -> "platform threads: " + before.platformThreads() + " before, " + end.platformThreads() + " after");
            assertEquals(before.connections(), end.connections(), "the server's connections");
            assertTrue(end.fds() <= before.fds() + FD_TOLERANCE,
                    () -> "file descriptors: " + before.fds() + " before, " + end.fds() + " after");
            assertTrue(end.heap() <= before.heap() + HEAP_TOLERANCE, () -> "live heap grew by "
                    + (end.heap() - before.heap()) / 1024 + " KiB, more than " + HEAP_TOLERANCE / 1024 + " KiB");
        }
    }

    /** Runs {@code cycles} connections on a few workers at once, within the time limit; returns how many ran. */
    private int run(int cycles, AtomicIntegerArray endings) throws Exception {
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            workers.add(Await.inBackground(() -> {
                Random random = new Random(worker);
                int done = 0;
                for (int i = worker; i < cycles && System.nanoTime() < deadline; i += WORKERS) {
                    Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
                    cycle(ending, "leak-" + worker + "-" + (i % 3));
                    endings.incrementAndGet(ending.ordinal());
                    done++;
                }
                return done;
            }));
        }
        int done = 0;
        for (Future<Integer> worker : workers) {
            done += worker.get(TIME_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
        }
        return done;
    }

    private void cycle(Ending ending, String clientId) throws IOException {
        try (LineClient c = LineClient.connect(server.port())) {
            switch (ending) {
                case DISC -> {
                    c.send("CONN " + clientId).expect("CONN_ACK NEW 0");
                    c.send("PUB NEWS m").expectPrefix("PUB_ACK NEWS ");
                    c.send("DISC").expect("DISC_ACK");
                    c.expectClosed();
                }
                case DROP -> {
                    c.send("CONN " + clientId).expect("CONN_ACK NEW 0");
                    c.send("PING").expect("PONG");
                }
                case RESET -> {
                    c.send("CONN " + clientId).expect("CONN_ACK NEW 0");
                    c.send("SUB NEWS"); // its history is on its way when the reset comes
                    c.socket().setSoLinger(true, 0);
                }
                case HALF_FRAME -> {
                    c.send("CONN " + clientId).expect("CONN_ACK NEW 0");
                    c.sendRaw("PUB NEWS half a fra".getBytes(StandardCharsets.UTF_8));
                }
                case HALF_FRAME_RESET -> {
                    c.sendRaw(("CONN " + clientId).getBytes(StandardCharsets.UTF_8));
                    c.socket().setSoLinger(true, 0);
                }
            }
        }
    }

    /** Open file descriptors of this process, or -1 where {@code /proc/self/fd} does not exist. */
    private static int openFds() {
        if (!Files.isDirectory(FDS)) {
            return -1;
        }
        try (Stream<Path> fds = Files.list(FDS)) {
            return (int) fds.count() - 1; // the listing's own
        } catch (IOException e) {
            throw new AssertionError("cannot list " + FDS, e);
        }
    }

    /** The heap in use after full collections: the least of three. */
    private static long liveHeap() {
        Runtime runtime = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
        }
        return least;
    }
}
