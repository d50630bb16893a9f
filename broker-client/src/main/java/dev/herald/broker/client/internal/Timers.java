package dev.herald.broker.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one timer thread every client in the JVM shares, for request timeouts and keep-alive
 * checks. Its tasks only hand work to virtual threads, so no client can hold it up.
 */
public final class Timers {

    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                    Thread.ofPlatform().name("herald-client-timer").daemon(true).factory());
            // Thousands of pipelined requests each arm a timeout that is cancelled on reply.
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    private Timers() {
    }

    /**
     * Fails {@code future} with {@code failure} unless it completes within {@code timeout}.
     * The failure is completed on a virtual thread, so callbacks attached by callers do not
     * run on the timer thread.
     */
    public static void failAfter(CompletableFuture<?> future, Duration timeout, Supplier<? extends Throwable> failure) {
        if (future.isDone()) {
            return;
        }
        ScheduledFuture<?> task = Holder.TIMER.schedule(() -> {
            if (!future.isDone()) {
                Thread.startVirtualThread(() -> future.completeExceptionally(failure.get()));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((value, error) -> task.cancel(false));
    }

    /** Runs {@code task} on a virtual thread every {@code period} until the result is cancelled. */
    public static ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        return Holder.TIMER.scheduleAtFixedRate(() -> Thread.startVirtualThread(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }
}
