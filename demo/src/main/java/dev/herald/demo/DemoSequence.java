package dev.herald.demo;

import dev.herald.broker.client.HeraldException;
import dev.herald.broker.server.HeraldServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo program without its {@code main}: says what it is, asks whether to run the test
 * sequence, and if so starts a broker, runs {@link Steps} against it and prints a summary of
 * the checks.
 *
 * <pre>{@code
 * DemoResult result = new DemoSequence(System.in, System.out, HeraldServer.fromSystemProperties().port(0)).run();
 * }</pre>
 */
public final class DemoSequence {

    /** The question, as the original asked it. */
    public static final String PROMPT = "Run the test sequence? [Y/N] ";

    private final BufferedReader in;
    private final PrintStream out;
    private final HeraldServer.Builder serverBuilder;
    private Duration assumedTtl;

    /**
     * @param in     where the answer to the prompt is read
     * @param out    where everything is written
     * @param server the broker to start (its port should be 0, a free one)
     */
    public DemoSequence(InputStream in, OutputStream out, HeraldServer.Builder server) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out instanceof PrintStream ps ? ps : new PrintStream(out, true, StandardCharsets.UTF_8);
        this.serverBuilder = Objects.requireNonNull(server, "server");
    }

    /**
     * Waits past this TTL in step 6 instead of the broker's own offline TTL. With a broker whose
     * TTL is longer, the expired message is delivered after all, and the check that it reached
     * nobody fails: this is how the sequence shows that its checks can fail.
     */
    public DemoSequence assumeOfflineTtl(Duration ttl) {
        this.assumedTtl = Objects.requireNonNull(ttl, "ttl");
        return this;
    }

    /** Asks, and runs the sequence if the answer is yes. */
    public DemoResult run() {
        HeraldServer server;
        try {
            server = serverBuilder.build();
        } catch (IllegalArgumentException e) {
            out.println("herald demo: " + e.getMessage());
            return DemoResult.error(e.getMessage());
        }
        Duration ttl = assumedTtl != null ? assumedTtl : server.offlineTtl();
        introduce(server.storeName(), ttl);
        if (!confirmed()) {
            out.println("Test sequence aborted.");
            return DemoResult.aborted();
        }
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            out.println("The broker could not start: " + e.getMessage());
            server.close();
            return DemoResult.error("the broker could not start: " + e.getMessage());
        }
        List<Check> checks = new ArrayList<>();
        String stoppedBecause = null;
        Transcript transcript = new Transcript(out);
        try {
            new Steps(server, ttl, transcript, checks).run();
        } catch (RuntimeException e) {
            // A broken promise the checks did not foresee (a refused request, a lost connection).
            stoppedBecause = e instanceof HeraldException ? e.getMessage() : e.toString();
            transcript.line("");
            transcript.line("The test sequence stopped: " + stoppedBecause);
        }
        DemoResult result = DemoResult.of(checks, stoppedBecause);
        summarize(transcript, result);
        try (server) {
            keepUpForOperations(server);
        }
        return result;
    }

    /**
     * With the HTTP listener on ({@code -Dbroker.http.port}), keeps the broker up after the
     * sequence until a line (or the end) of input, so that its meters, admin API and console
     * can be looked at with what the sequence did.
     */
    private void keepUpForOperations(HeraldServer server) {
        java.net.InetSocketAddress http;
        try {
            http = server.httpAddress();
        } catch (IllegalStateException e) {
            return; // no HTTP listener
        }
        out.println();
        out.println("The broker stays up for its HTTP listener: http://" + http.getHostString() + ":" + http.getPort()
                + "/ (meters at /metrics). Press Enter to stop it.");
        out.flush();
        try {
            in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void introduce(String store, Duration ttl) {
        out.println("Herald demo");
        out.println("Replays the original broker test sequence: a Herald broker starts in this process,");
        out.println("two publishers and three subscribers use it through the client library, and the");
        out.println("outcome is checked against what the original promises (stored history, error");
        out.println("handling, offline queues, and the offline TTL).");
        out.println("Store: " + store + " (-Dbroker.store=memory|jdbc). Offline TTL: " + Transcript.describe(ttl)
                + " (-Dbroker.offline.ttl); the sequence waits past it once, so it takes about "
                + Transcript.describe(ttl.plusSeconds(5)) + ".");
        out.println();
    }

    /** Asks until the answer is Y or N; the end of input counts as N. */
    private boolean confirmed() {
        while (true) {
            out.print(PROMPT);
            out.flush();
            String answer;
            try {
                answer = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (answer == null) {
                out.println();
                return false;
            }
            switch (answer.strip()) {
                case "Y", "y" -> {
                    return true;
                }
                case "N", "n" -> {
                    return false;
                }
                default -> out.println("Please answer Y or N.");
            }
        }
    }

    private static void summarize(Transcript transcript, DemoResult result) {
        transcript.heading("Summary");
        for (Check check : result.checks()) {
            transcript.line((check.passed() ? "  PASS  " : "  FAIL  ") + check.name()
                    + (check.passed() ? "" : "\n          " + check.detail()));
        }
        long failed = result.checks().stream().filter(c -> !c.passed()).count();
        int total = result.checks().size();
        if (result.outcome() == DemoResult.Outcome.PASSED) {
            transcript.line("All " + total + " checks passed: the broker kept every promise of the original test sequence.");
        } else if (result.error() != null) {
            transcript.line("The sequence stopped early (" + result.error() + "); " + failed + " of " + total
                    + " checks made failed.");
        } else {
            transcript.line(failed + " of " + total + " checks FAILED.");
        }
    }
}
