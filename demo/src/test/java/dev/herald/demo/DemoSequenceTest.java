package dev.herald.demo;

import dev.herald.broker.server.HeraldServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSequenceTest {

    /** What a run printed, and how it ended. */
    private record Run(DemoResult result, String output) {
        int prompts() {
            Matcher m = Pattern.compile(Pattern.quote(DemoSequence.PROMPT)).matcher(output);
            int count = 0;
            while (m.find()) {
                count++;
            }
            return count;
        }
    }

    private static HeraldServer.Builder broker(Duration ttl) {
        return HeraldServer.builder().host("127.0.0.1").port(0).offlineTtl(ttl);
    }

    private static Run run(String input, DemoSequence sequence, ByteArrayOutputStream out) {
        DemoResult result = sequence.run();
        return new Run(result, out.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String input, HeraldServer.Builder broker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoSequence sequence = new DemoSequence(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, broker);
        return run(input, sequence, out);
    }

    @Test
    void withTheHttpListenerOnTheBrokerStaysUpAfterTheSequenceShowingItsMeters() throws Exception {
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(keys);
        keys.write("Y\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        java.io.PipedOutputStream screen = new java.io.PipedOutputStream();
        java.io.BufferedReader shown = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.io.PipedInputStream(screen, 1 << 20), StandardCharsets.UTF_8));
        DemoSequence sequence = new DemoSequence(stdin, screen, broker(Duration.ofSeconds(1)).httpPort(0));
        java.util.concurrent.CompletableFuture<DemoResult> running =
                java.util.concurrent.CompletableFuture.supplyAsync(sequence::run);
        String line;
        while (!(line = shown.readLine()).startsWith("The broker stays up for its HTTP listener: ")) {
            assertFalse(running.isDone(), "the sequence ended before it offered its HTTP listener");
        }
        String url = line.substring(line.indexOf("http://"), line.indexOf("/ ", line.indexOf("http://"))) + "/metrics";
        java.net.HttpURLConnection http = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
        assertEquals(200, http.getResponseCode());
        String body;
        try (var stream = http.getInputStream()) {
            body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher published = Pattern.compile("(?m)^herald_messages_published_total\\{[^}]*} ([0-9.E]+)$").matcher(body);
        double total = 0;
        while (published.find()) {
            total += Double.parseDouble(published.group(1));
        }
        assertTrue(total > 0, "the sequence's messages are counted: " + body);

        keys.write("\n".getBytes(StandardCharsets.UTF_8)); // Enter: the broker stops
        keys.flush();
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor().submit(() -> shown.transferTo(java.io.Writer.nullWriter()));
        assertEquals(DemoResult.Outcome.PASSED, running.get(60, java.util.concurrent.TimeUnit.SECONDS).outcome());
    }

    @Test
    void theSequenceWithAShortTtlKeepsEveryPromise() {
        Run run = run("Y\n", broker(Duration.ofSeconds(1)));

        assertEquals(DemoResult.Outcome.PASSED, run.result().outcome(), run.output());
        assertEquals(0, run.result().exitCode());
        List<String> passed = run.result().checks().stream().filter(Check::passed).map(Check::name).toList();
        assertEquals(List.of(
                Steps.STORED,
                Steps.receivedStored("Subscriber 1"), Steps.receivedStored("Subscriber 2"), Steps.receivedStored("Subscriber 3"),
                Steps.receivedNew("Subscriber 1"), Steps.receivedNew("Subscriber 2"), Steps.receivedNew("Subscriber 3"),
                Steps.ERROR_1, Steps.ERROR_2, Steps.SUBSCRIBERS_LEFT,
                Steps.receivedFresh("Subscriber 1"), Steps.receivedFresh("Subscriber 2"), Steps.receivedFresh("Subscriber 3"),
                Steps.EXPIRED_REACHED_NOBODY, Steps.ALL_LEFT), passed);

        String out = run.output();
        assertTrue(out.contains("Herald demo"), out);
        assertTrue(out.contains("Offline TTL: 1s"), out);
        assertEquals(1, run.prompts());
        for (String step : List.of("Step 1", "Step 2", "Step 3", "Step 4", "Error handling 1", "Error handling 2",
                "Step 5", "Step 6", "Step 7", "Summary")) {
            assertTrue(out.contains("== " + step), "prints " + step);
        }
        assertTrue(Pattern.compile("\\+\\d\\d\\.\\d{3}s \\[Subscriber 1] received NEWS #\\d+, published at \\+\\d\\d\\.\\d{3}s: "
                + "\"Local elections are next Sunday\"").matcher(out).find(), out);
        assertTrue(out.contains("[Subscriber 1] got ERR UNKNOWN_TOPIC"), out);
        assertTrue(out.contains("[Publisher 1] got ERR UNKNOWN_TOPIC"), out);
        assertTrue(out.contains("[Subscriber 3] got CONN_ACK RESUMED 2"), out);
        assertTrue(Pattern.compile("waiting 1\\.2s for it to pass the offline TTL \\.{30} done").matcher(out).find(),
                "shows the wait past the TTL");
        assertFalse(Pattern.compile("received WEATHER .*this one will expire").matcher(out).find(),
                "nobody receives the expired message");
        assertTrue(out.contains("All 15 checks passed"), out);
    }

    @Test
    void theChecksAreRealABrokerThatKeepsExpiredMessagesFailsTheTtlCheck() {
        // the broker keeps queued messages for an hour, but the sequence waits only past 1 s
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoSequence sequence = new DemoSequence(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)), out,
                broker(Duration.ofHours(1))).assumeOfflineTtl(Duration.ofSeconds(1));
        Run run = run("y\n", sequence, out);

        assertEquals(DemoResult.Outcome.FAILED, run.result().outcome(), run.output());
        assertEquals(1, run.result().exitCode());
        Check expired = run.result().check(Steps.EXPIRED_REACHED_NOBODY).orElseThrow();
        assertFalse(expired.passed());
        assertTrue(expired.detail().contains("reached [Subscriber 2, Subscriber 3]"), expired.detail());
        assertFalse(run.result().check(Steps.receivedFresh("Subscriber 2")).orElseThrow().passed());
        assertTrue(run.result().check(Steps.receivedFresh("Subscriber 1")).orElseThrow().passed(),
                "Subscriber 1 does not take WEATHER");
        assertTrue(run.output().contains("FAIL  " + Steps.EXPIRED_REACHED_NOBODY), run.output());
        assertTrue(run.output().contains("checks FAILED"), run.output());
    }

    @Test
    void answeringNAbortsWithStatusZero() {
        for (String no : List.of("n\n", "N\n", " n \n")) {
            Run run = run(no, broker(Duration.ofSeconds(1)));
            assertEquals(DemoResult.Outcome.ABORTED, run.result().outcome());
            assertEquals(0, run.result().exitCode());
            assertTrue(run.output().contains("Test sequence aborted."), run.output());
            assertFalse(run.output().contains("== Step 1"), "nothing runs");
        }
    }

    @Test
    void anyOtherAnswerAsksAgain() {
        Run run = run("maybe\nyes\n\nq\nN\n", broker(Duration.ofSeconds(1)));
        assertEquals(5, run.prompts());
        assertEquals(4, run.output().split("Please answer Y or N\\.", -1).length - 1);
        assertEquals(DemoResult.Outcome.ABORTED, run.result().outcome());
    }

    @Test
    void theEndOfInputCountsAsN() {
        Run silent = run("", broker(Duration.ofSeconds(1)));
        assertEquals(DemoResult.Outcome.ABORTED, silent.result().outcome());
        assertEquals(0, silent.result().exitCode());
        assertEquals(1, silent.prompts());

        Run undecided = run("what?\n", broker(Duration.ofSeconds(1)));
        assertEquals(DemoResult.Outcome.ABORTED, undecided.result().outcome());
        assertEquals(2, undecided.prompts());
        assertTrue(undecided.output().contains("Test sequence aborted."));
    }

    @Test
    void aBrokerThatCannotStartEndsWithStatusTwo() {
        Run run = run("y\n", HeraldServer.builder().host("127.0.0.1").port(0).store("no-such-store"));
        assertEquals(DemoResult.Outcome.ERROR, run.result().outcome());
        assertEquals(2, run.result().exitCode());
        assertTrue(run.output().contains("no-such-store"), run.output());
    }
}
