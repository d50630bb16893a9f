package dev.herald.cli;

import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.cli.Cli.Result;
import dev.herald.junit.HeraldPort;
import dev.herald.junit.HeraldTest;
import dev.herald.junit.HeraldTest.Scope;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.herald.cli.Cli.herald;
import static dev.herald.cli.PubCommandTest.assertBad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code herald sub} against a broker, fed by a publishing client. */
@HeraldTest(scope = Scope.PER_METHOD)
class SubCommandTest {

    @Test
    void printsTheHistoryOfEachTopicAndLeavesAfterTheCount(@HeraldPort int port, HeraldClient publisher) {
        publisher.publish("NEWS", "first news");
        publisher.publish("WEATHER", "sunny");
        publisher.publish("NEWS", "second news");
        Result r = herald("sub", "-p", "" + port, "-t", "NEWS", "-t", "WEATHER", "-C", "3");
        assertEquals(new Result(0, "first news\nsecond news\nsunny\n", ""), r);
    }

    @Test
    void verbosePrintsTheTopicAndTheIdToo(@HeraldPort int port, HeraldClient publisher) {
        publisher.publish("NEWS", "with spaces  inside");
        Result r = herald("sub", "-p", "" + port, "-t", "NEWS", "-C", "1", "-v");
        assertEquals(new Result(0, "NEWS 1 with spaces  inside\n", ""), r);
    }

    @Test
    void printsNewMessagesAsTheyCome(@HeraldPort int port, HeraldClient publisher) throws Exception {
        publisher.publish("WEATHER", "before");
        Cli sub = Cli.background();
        CompletableFuture<Result> run = sub.start("sub", "-p", "" + port, "-t", "WEATHER", "-C", "2");
        sub.awaitOutput("the history is printed", out -> out.equals("before\n"));
        publisher.publish("WEATHER", "after");
        assertEquals(new Result(0, "before\nafter\n", ""), run.get(20, TimeUnit.SECONDS));
    }

    @Test
    void resumePrintsWhatTheSessionMissed(@HeraldPort int port, HeraldClient publisher) {
        publisher.publish("NEWS", "seen");
        assertEquals("seen\n", herald("sub", "-p", "" + port, "-t", "NEWS", "-i", "reader", "-C", "1").out());
        publisher.publish("NEWS", "missed while away");
        Result r = herald("sub", "-p", "" + port, "--resume", "-i", "reader", "-C", "1");
        assertEquals(new Result(0, "missed while away\n", ""), r);
    }

    @Test
    void theTimeoutEndsARunWithoutACount(@HeraldPort int port) {
        assertEquals(new Result(0, "", ""), herald("sub", "-p", "" + port, "-t", "NEWS", "-W", "0.2"));
    }

    @Test
    void theTimeoutBeforeTheCountIsAFailure(@HeraldPort int port, HeraldClient publisher) {
        publisher.publish("NEWS", "only one");
        Result r = herald("sub", "-p", "" + port, "-t", "NEWS", "-C", "2", "-W", "0.2");
        assertEquals(new Result(1, "only one\n", "herald sub: 1 of 2 messages within 0.2 s\n"), r);
    }

    @Test
    void aLostConnectionIsAFailure(@HeraldPort int port, HeraldServer server, HeraldClient publisher) throws Exception {
        publisher.publish("NEWS", "then the broker stops");
        Cli sub = Cli.background();
        CompletableFuture<Result> run = sub.start("sub", "-p", "" + port, "-t", "NEWS");
        sub.awaitOutput("subscribed", out -> !out.isEmpty());
        server.close();
        Result r = run.get(20, TimeUnit.SECONDS);
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("herald sub: "), r.err());
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitWithTwo(@HeraldPort int port) {
        assertBad("at least one -t topic is needed (or --resume of a session)", "sub");
        assertBad("--resume needs the -i id of the session to resume", "sub", "--resume");
        assertBad("--count must be at least 1: 0", "sub", "-t", "NEWS", "-C", "0");
        assertBad("--timeout must be more than zero seconds: -1.0", "sub", "-t", "NEWS", "-W", "-1");
        assertBad("not a topic name (1 to 128 characters from A-Z a-z 0-9 _ . / -): 'two words'",
                "sub", "-p", "" + port, "-t", "two words");
    }
}
