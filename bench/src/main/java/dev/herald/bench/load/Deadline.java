package dev.herald.bench.load;

import java.time.Duration;

/** A point in {@link System#nanoTime()} time that every loop of a run stops at. */
public record Deadline(long nanos) {

    /** The deadline {@code limit} from now. */
    public static Deadline in(Duration limit) {
        return new Deadline(System.nanoTime() + limit.toNanos());
    }

    public boolean passed() {
        return System.nanoTime() - nanos >= 0;
    }

    /** Time left in milliseconds, at least 1 (for timed waits). */
    public long remainingMillis() {
        return Math.max(1, (nanos - System.nanoTime()) / 1_000_000);
    }
}
