package dev.herald.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it, so that time-based rules are tested by
 * moving time instead of waiting. Millisecond precision. Safe to use from many threads; a
 * clock made by {@link #withZone} moves together with the one it came from.
 */
public final class MutableClock extends Clock {

    private final AtomicLong millis;
    private final ZoneId zone;

    /** A clock showing {@code startMillis} (epoch ms) in UTC. */
    public MutableClock(long startMillis) {
        this(new AtomicLong(startMillis), ZoneOffset.UTC);
    }

    /** A clock showing a fixed time of November 2025 in UTC. */
    public MutableClock() {
        this(1_764_095_000_000L);
    }

    private MutableClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Moves the clock forward (or back, with a negative amount). */
    public void advance(Duration amount) {
        millis.addAndGet(amount.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new MutableClock(millis, zone);
    }
}
