package dev.herald.bench.load;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A line on stderr every two seconds while a run goes on: how far it is and how fast it
 * goes now. Off with {@code --quiet}.
 */
public final class Progress implements AutoCloseable {

    private static final long PERIOD_MS = 2_000;

    private final Thread thread;
    private volatile boolean done;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    /** Starts reporting; with {@code enabled} false, prints nothing. */
    public static Progress start(boolean enabled, String label, LongSupplier count, long total, String unit) {
        if (!enabled) {
            return new Progress(null);
        }
        Progress[] self = new Progress[1];
        Thread thread = Thread.ofPlatform().name("bench-progress").daemon(true).unstarted(() -> {
            long last = count.getAsLong();
            long lastNanos = System.nanoTime();
            while (!self[0].done) {
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long c = count.getAsLong();
                double rate = (c - last) * 1e9 / Math.max(1, now - lastNanos);
                System.err.printf(Locale.ROOT, "  %s: %,d / %,d %s, %,.0f/s now%n", label, c, total, unit, rate);
                last = c;
                lastNanos = now;
            }
        });
        self[0] = new Progress(thread);
        thread.start();
        return self[0];
    }

    @Override
    public void close() {
        done = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
