package dev.herald.broker.client.internal;

import dev.herald.broker.client.ConnectionException;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.ReconnectPolicy;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.model.ErrorCode;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectorTest {

    private static final ReconnectPolicy POLICY = ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    /** A target whose first {@code failures} attempts fail with {@code failure}, the next one succeeding. */
    private static class Target implements Reconnector.Target {
        final int failures;
        final HeraldException failure;
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final List<Integer> failed = new CopyOnWriteArrayList<>();
        final AtomicInteger gaveUp = new AtomicInteger();
        final AtomicBoolean wanted = new AtomicBoolean(true);

        Target(int failures, HeraldException failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public boolean stillWanted(Reconnector reconnector) {
            return wanted.get();
        }

        @Override
        public void attempt(Reconnector reconnector, int attempt) {
            attempts.add(attempt);
            if (attempt <= failures) {
                throw failure;
            }
        }

        @Override
        public void attemptFailed(int attempt, HeraldException cause) {
            failed.add(attempt);
        }

        @Override
        public void gaveUp(Reconnector reconnector) {
            gaveUp.incrementAndGet();
        }
    }

    /** Records the waits instead of waiting. */
    private static final class Waits implements Reconnector.Pause {
        final List<Duration> delays = new CopyOnWriteArrayList<>();

        @Override
        public void pause(Duration delay) {
            delays.add(delay);
        }
    }

    private static void awaitEnd(Reconnector reconnector) {
        Await.until("the reconnector to end", () -> !reconnector.isRunning());
    }

    private static ConnectionException refused() {
        return new ConnectionException("could not connect");
    }

    @Test
    void waitsThePolicysDelayLessUpToHalfBeforeEachAttemptAndStopsAtTheFirstSuccess() {
        Target target = new Target(4, refused());
        Waits waits = new Waits();
        awaitEnd(Reconnector.start("test-reconnect", POLICY, target, waits));

        assertEquals(List.of(1, 2, 3, 4, 5), target.attempts);
        assertEquals(List.of(1, 2, 3, 4), target.failed);
        for (int attempt = 1; attempt <= 5; attempt++) {
            Duration longest = POLICY.delay(attempt);
            Duration waited = waits.delays.get(attempt - 1);
            assertTrue(waited.compareTo(longest.dividedBy(2)) >= 0 && waited.compareTo(longest) <= 0,
                    "attempt " + attempt + " waited " + waited + ", policy says up to " + longest);
        }
        assertEquals(0, target.gaveUp.get());
    }

    @Test
    void givesUpAfterTheLastAttemptThePolicyAllows() {
        Target target = new Target(Integer.MAX_VALUE, refused());
        awaitEnd(Reconnector.start("test-reconnect", POLICY.withMaxAttempts(3), target, new Waits()));

        assertEquals(1, target.gaveUp.get());
        assertEquals(List.of(1, 2, 3), target.attempts);
        assertEquals(List.of(1, 2, 3), target.failed);
    }

    @Test
    void aFailureThatReconnectingCannotHelpEndsItAtOnce() {
        Target target = new Target(Integer.MAX_VALUE, new ServerErrorException(ErrorCode.BAD_CREDENTIALS, "wrong password"));
        awaitEnd(Reconnector.start("test-reconnect", POLICY, target, new Waits()));

        assertEquals(1, target.gaveUp.get());
        assertEquals(List.of(1), target.attempts);
        assertEquals(List.of(1), target.failed);
    }

    @Test
    void anAttemptFailingAfterTheClientStoppedWantingItEndsQuietly() {
        Target target = new Target(Integer.MAX_VALUE, refused()) {
            @Override
            public void attempt(Reconnector reconnector, int attempt) {
                wanted.set(false); // a disconnect came while the attempt was under way
                super.attempt(reconnector, attempt);
            }
        };
        awaitEnd(Reconnector.start("test-reconnect", POLICY, target, new Waits()));

        assertEquals(List.of(1), target.attempts);
        assertEquals(List.of(), target.failed, "nobody is told of a failure the client no longer waits for");
        assertEquals(0, target.gaveUp.get());
    }

    @Test
    void cancelInterruptsTheWaitAndNoAttemptFollows() {
        Target target = new Target(0, refused());
        AtomicBoolean waiting = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        Reconnector reconnector = Reconnector.start("test-reconnect", POLICY, target, delay -> {
            waiting.set(true);
            try {
                new CountDownLatch(1).await(); // until interrupted
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        });
        Await.until("the first wait", waiting::get);

        reconnector.cancel();
        awaitEnd(reconnector);
        assertTrue(interrupted.get());
        assertEquals(List.of(), target.attempts);
        assertEquals(0, target.gaveUp.get());
    }

    @Test
    void reconnectingCannotWinBackATakenSessionOrRefusedCredentials() {
        assertFalse(Reconnector.canHelp(new ServerErrorException(ErrorCode.SESSION_TAKEN_OVER, "taken")));
        assertFalse(Reconnector.canHelp(new ServerErrorException(ErrorCode.BAD_CREDENTIALS, "no")));
        assertFalse(Reconnector.canHelp(new ServerErrorException(ErrorCode.INVALID_CLIENT_ID, "no")));
        assertTrue(Reconnector.canHelp(new ServerErrorException(ErrorCode.SERVER_BUSY, "busy")));
        assertTrue(Reconnector.canHelp(refused()));
    }
}
