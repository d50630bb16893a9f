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
