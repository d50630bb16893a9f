package dev.herald.broker.server;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition with a deadline, polling; never a fixed sleep. */
final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    private Await() {
    }

    /** Runs {@code work} on a virtual thread; the future carries its result or failure back to the test. */
    static <T> java.util.concurrent.Future<T> inBackground(java.util.concurrent.Callable<T> work) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Thread.ofVirtual().start(task);
        return task;
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(10), condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Checks that a condition holds throughout a period, polling; fails as soon as it does
     * not. For what must not happen (a cut-off, a publisher getting through).
     */
    static void holdsFor(String what, Duration period, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.getAsBoolean()) {
                fail("no longer true: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
