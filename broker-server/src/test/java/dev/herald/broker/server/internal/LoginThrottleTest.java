package dev.herald.broker.server.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delays of failed logins, computed on given times: no clock moves, nothing waits. */
class LoginThrottleTest {

    private static final long T0 = 1_764_095_000_000L;
    private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
    private final Logger logger = Logger.getLogger(LoginThrottle.class.getName());
    private final List<String> logged = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    /**
     * {@code connections} connections of one address guess from {@code T0} on, each one again as
     * soon as it has its answer, with a new user name each time; returns the answers sent before
     * {@code T0 + windowMs}.
     */
    private static int answersToOneAddress(LoginThrottle throttle, int connections, long windowMs) {
        PriorityQueue<Long> nextGuess = new PriorityQueue<>();
        for (int i = 0; i < connections; i++) {
            nextGuess.add(T0);
        }
        int answered = 0;
        int guess = 0;
        while (true) {
            long now = nextGuess.poll();
            long answerAt = throttle.failed("203.0.113.7", "user-" + guess++, now);
            if (answerAt >= T0 + windowMs) {
                return answered;
            }
            answered++;
            nextGuess.add(answerAt);
            if (guess % 50 == 0) {
                throttle.sweep(now);
            }
        }
    }

    @Test
    void answersTheFirstFailureAtOnceThenDoublesTheDelayUpToItsBound() {
        List<Long> delays = new ArrayList<>();
        long now = T0;
        for (int i = 0; i < 10; i++) {
            long answerAt = throttle.failed("203.0.113.7", "alice", now);
            delays.add(answerAt - now);
            now = answerAt + 10_000; // a guess every ten seconds or so
        }
        assertEquals(List.of(0L, 50L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L, 2000L), delays);
    }

    @Test
    void oneAddressGetsAtMostAHundredWrongPasswordAnswersInFiveSecondsHoweverManyConnections() {
        for (int connections : new int[] {1, 10, 64, 1_000}) {
            int answers = answersToOneAddress(new LoginThrottle(Clock.systemUTC()), connections, 5_000);
            assertTrue(answers >= 5 && answers <= 100, connections + " connections got " + answers + " answers in 5 s");
        }
    }

    @Test
    void slowsTheGuessesOfOneUserFromManyAddresses() {
        long answerAt = T0;
        for (int i = 0; i < 20; i++) {
            answerAt = throttle.failed("198.51.100." + i, "alice", T0);
        }
        assertTrue(answerAt - T0 >= 20_000, "twenty guesses at alice from twenty addresses take "
                + (answerAt - T0) + " ms to answer");
    }

    @Test
    void forgetsTheFailuresOfAQuietMinute() {
        long now = T0;
        for (int i = 0; i < 8; i++) {
            now = throttle.failed("203.0.113.7", "alice", now);
        }
        long later = now + LoginThrottle.FORGET_MS + 1;
        assertEquals(later, throttle.failed("203.0.113.7", "alice", later), "answered at once again");
    }

    @Test
    void checksThePasswordsOfOneAddressOneAtATimeAndThoseOfOthersMeanwhile() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        Thread first = Thread.ofVirtual().start(() -> throttle.checkAlone("203.0.113.7", () -> {
            firstRunning.countDown();
            awaitQuietly(releaseFirst);
            return false;
        }));
        firstRunning.await();
        Thread second = Thread.ofVirtual().start(() -> throttle.checkAlone("203.0.113.7", () -> secondRan.getAndSet(true)));
        assertTrue(throttle.checkAlone("198.51.100.1", () -> true), "another address is checked meanwhile");
        assertFalse(secondRan.get(), "the same address waits for its turn");
        releaseFirst.countDown();
        first.join();
        second.join();
        assertTrue(secondRan.get());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void logsOneLinePerAddressPerIntervalWithACount() {
        int answers = answersToOneAddress(throttle, 1_000, 5_000);
        throttle.sweep(T0 + 60_000);
        assertTrue(logged.size() <= 20, logged.size() + " lines: " + logged);
        int counted = 0;
        Pattern count = Pattern.compile("^(\\d+) failed logins? from 203\\.0\\.113\\.7 \\(users ");
        for (String line : logged) {
            Matcher m = count.matcher(line);
            assertTrue(m.find(), line);
            counted += Integer.parseInt(m.group(1));
        }
        assertEquals(answers + 1, counted, "every failure counted once (the one answered after the window too)");
    }
}
