package dev.herald.bench.load;

import dev.herald.bench.report.Figures;
import dev.herald.bench.report.Measurement;
import dev.herald.bench.target.MemoryProbe;
import dev.herald.bench.target.Target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connections scenario: N idle sessions, opened by a child process (so this JVM holds
 * only the server side of them), and the server's memory before and after, divided by N:
 * the heap in use after full collections, and the growth of the resident set size. When
 * the heap is pinned ({@code -Xms} = {@code -Xmx} with {@code -XX:+AlwaysPreTouch}) the RSS
 * growth is native memory, reported as {@code native_per_conn}, and heap plus native as
 * {@code total_per_conn}; otherwise heap resizing muddles it and it is reported raw as
 * {@code rss_per_conn}. An external server's figure is its RSS growth.
 */
public final class ConnectionsRun {

    private ConnectionsRun() {
    }

    public static Measurement run(Target target, int count, Duration limit) throws InterruptedException {
        Deadline deadline = Deadline.in(limit);
        List<String> failures = new ArrayList<>();
        MemoryProbe memory = target.memory();
        OptionalLong heapBefore = memory.heapAfterGc();
        OptionalLong rssBefore = memory.rss();
        Process child;
        try {
            child = launch(target, count);
        } catch (IOException e) {
            failures.add("cannot start the client process: " + e.getMessage());
            return new Measurement(new Figures().toMap(), SequenceChecker.Verdict.EMPTY, failures);
        }
        Figures f = new Figures();
        try {
            long start = System.nanoTime();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return "FAILED " + e.getMessage();
                }
            });
            String line;
            try {
                line = ready.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                line = "FAILED: not ready before the time limit";
            } catch (ExecutionException e) {
                line = "FAILED: " + e.getCause();
            }
            if (line == null || !line.startsWith("READY ")) {
                failures.add("client process: " + line);
            } else {
                target.awaitReceivers(count, deadline);
                double seconds = (System.nanoTime() - start) / 1e9;
                OptionalLong heapAfter = memory.heapAfterGc();
                OptionalLong rssAfter = memory.rss();
                f.put("setup_rate", count / seconds);
                double heap = Double.NaN;
                if (heapBefore.isPresent() && heapAfter.isPresent()) {
                    heap = (heapAfter.getAsLong() - heapBefore.getAsLong()) / (double) count;
                    f.put("heap_per_conn", heap);
                }
                if (rssBefore.isPresent() && rssAfter.isPresent()) {
                    double rss = (rssAfter.getAsLong() - rssBefore.getAsLong()) / (double) count;
                    if (!Double.isNaN(heap) && MemoryProbe.heapPinned()) {
                        // The heap is resident already, so RSS grew by native memory only.
                        f.put("native_per_conn", rss).put("total_per_conn", heap + rss);
                    } else {
                        f.put("rss_per_conn", rss);
                    }
                }
            }
        } catch (IOException e) {
            failures.add(e.getMessage());
        } finally {
            try {
                child.getOutputStream().close();
            } catch (IOException ignored) {
                // it is destroyed below if it does not end
            }
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        return new Measurement(f.toMap(), SequenceChecker.Verdict.EMPTY, failures);
    }

    private static Process launch(Target target, int count) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = System.getProperty("jdk.module.path");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (modulePath != null && !modulePath.isEmpty()) {
            command.addAll(List.of("-p", modulePath, "-m", "dev.herald.bench/dev.herald.bench.Main"));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.herald.bench.Main"));
        }
        command.addAll(List.of("idle-clients", target.address().getHostString(),
                Integer.toString(target.address().getPort()), Integer.toString(count),
                target.protocol().name().toLowerCase(Locale.ROOT)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
