package dev.herald.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** One run of the distribution's bin/herald, as a shell runs it, with what it prints kept by line. */
final class Launch implements AutoCloseable {

    static final Duration WITHIN = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private Launch(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), out);
        this.errReader = collect(process.getErrorStream(), err);
    }

    /** Starts {@code bin/herald args}, its environment changed by {@code environment}, with this standard input. */
    static Launch herald(Path home, Consumer<Map<String, String>> environment, String input, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(home.resolve("bin/herald").toString()),
                Stream.of(args)).toList()).directory(home.toFile());
        environment.accept(builder.environment());
        Launch launch = new Launch(builder.start());
        try (OutputStream stdin = launch.process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        return launch;
    }

    private static Thread collect(InputStream stream, List<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
    }

    /** Waits for a line of standard error that passes {@code test}. */
    String awaitErrorLine(String what, Predicate<String> test) {
        return await(what, () -> err.stream().filter(test).findFirst());
    }

    /** Waits for the first n lines of standard output. */
    List<String> awaitOutput(int n) {
        return await(n + " lines of output", () -> out.size() >= n ? Optional.of(List.copyOf(out)) : Optional.empty());
    }

    /** Waits for the process to end, and then for its output to be read; returns its exit status. */
    int exitStatus() throws InterruptedException {
        if (!process.waitFor(WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                || !outReader.join(WITHIN) || !errReader.join(WITHIN)) {
            fail("bin/herald still runs after " + WITHIN + "; printed " + out + " " + err);
        }
        return process.exitValue();
    }

    private boolean ended() {
        return !process.isAlive() && !outReader.isAlive() && !errReader.isAlive();
    }

    List<String> out() {
        return List.copyOf(out);
    }

    List<String> err() {
        return List.copyOf(err);
    }

    /** Stops the process as Ctrl-C or a service manager would (SIGTERM). */
    void terminate() {
        process.destroy();
    }

    private <T> T await(String what, Supplier<Optional<T>> poll) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        for (Optional<T> found = poll.get(); ; found = poll.get()) {
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0 || ended() && poll.get().isEmpty()) {
                fail("bin/herald did not print " + what + "; it printed " + out + " " + err);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
