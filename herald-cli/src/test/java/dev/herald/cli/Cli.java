package dev.herald.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the herald command in this JVM, as a shell would, and keeps what it printed. */
final class Cli {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final String input;
    private final ServeCommand serve;

    private Cli(String input, ServeCommand serve) {
        this.input = input;
        this.serve = serve;
    }

    /** What one run printed, and its exit status. */
    record Result(int status, String out, String err) {
    }

    static Result herald(String... args) {
        return new Cli("", new ServeCommand()).run(args);
    }

    static Result heraldWithInput(String input, String... args) {
        return new Cli(input, new ServeCommand()).run(args);
    }

    /** A run in the background, whose output can be awaited while it runs. */
    static Cli background(ServeCommand serve) {
        return new Cli("", serve);
    }

    static Cli background() {
        return background(new ServeCommand());
    }

    CompletableFuture<Result> start(String... args) {
        return CompletableFuture.supplyAsync(() -> run(args), r -> Thread.ofPlatform().daemon().name("herald-cli").start(r));
    }

    Result run(String... args) {
        int status = Herald.execute(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), serve);
        return new Result(status, output(), errors());
    }

    String output() {
        synchronized (out) {
            return out.toString();
        }
    }

    String errors() {
        synchronized (err) {
            return err.toString();
        }
    }

    /** Waits until what the run printed on standard output passes {@code test}. */
    void awaitOutput(String what, Predicate<String> test) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!test.test(output())) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + WITHIN + ": " + what + "; printed so far: " + output() + errors());
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
