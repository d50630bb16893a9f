package dev.herald.cli;

import dev.herald.broker.client.HeraldClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

/** {@code herald pub}: publishes one message, or one per line of standard input. */
@Command(name = "pub", mixinStandardHelpOptions = true, versionProvider = Herald.Version.class,
        description = {"Publishes the -m message to a topic, or, without -m, each line of standard input as a message.",
                "Returns once the broker has stored every message."},
        footer = {"", "Exit status: 0 done, 1 failure, 2 bad arguments."})
final class PubCommand implements Callable<Integer> {

    /** Publishes in flight at once when no rate is set: the client pipelines them. */
    private static final int WINDOW = 1_000;

    private final InputStream in;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "The topic to publish to.")
    String topic;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The message; without it, each line of standard input is one.")
    String message;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "How many messages: -m sent N times, or the first N lines (default: 1 with -m, every line without).")
    Integer count;

    @Option(names = {"-r", "--rate"}, paramLabel = "PER_SECOND", description = "Publish at most this many messages a second (default: as fast as the broker stores them).")
    Double rate;

    @Option(names = {"-v", "--verbose"}, description = "Print the topic and the id the broker gave each message.")
    boolean verbose;

    PubCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        if (count != null && count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must be zero or more: " + count);
        }
        if (rate != null && !(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be more than zero: " + rate);
        }
        try (HeraldClient client = connection.client("pub").build()) {
            client.connect();
            Pacer pacer = new Pacer(rate);
            Deque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
            int limit = count != null ? count : message != null ? 1 : Integer.MAX_VALUE;
            BufferedReader lines = message != null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (int sent = 0; sent < limit; sent++) {
                String payload = message != null ? message : lines.readLine();
                if (payload == null) {
                    break;
                }
                pacer.await();
                inFlight.add(client.publishAsync(topic, payload));
                if (inFlight.size() >= (rate == null ? WINDOW : 1)) {
                    stored(inFlight.removeFirst());
                }
            }
            while (!inFlight.isEmpty()) {
                stored(inFlight.removeFirst());
            }
            client.disconnect();
        }
        return Herald.OK;
    }

    private void stored(CompletableFuture<Long> publish) {
        long id;
        try {
            id = publish.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (verbose) {
            spec.commandLine().getOut().println(topic + " " + id);
        }
    }

    /** Spaces the messages out to the rate, if there is one. */
    private static final class Pacer {
        private final long intervalNanos;
        private long next = System.nanoTime();

        Pacer(Double perSecond) {
            this.intervalNanos = perSecond == null ? 0 : (long) (Duration.ofSeconds(1).toNanos() / perSecond);
        }

        void await() {
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
        }
    }
}
