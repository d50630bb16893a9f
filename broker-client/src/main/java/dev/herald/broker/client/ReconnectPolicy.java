package dev.herald.broker.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client reconnects on its own after losing its connection: attempt {@code k} waits
 * {@code initialDelay * 2^(k-1)}, at most {@code maxDelay}, then a random part of it is taken
 * off (up to half) so that many clients do not all come back at the same instant. Each
 * attempt resumes the session with {@code RECON}.
 *
 * @param initialDelay the wait before the first attempt
 * @param maxDelay     the longest wait between attempts
 * @param maxAttempts  attempts before giving up, or {@link #UNLIMITED}
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {

    /** {@link #maxAttempts()} of a policy that never gives up. */
    public static final int UNLIMITED = 0;

    /** 100 ms, doubling up to 5 s, never giving up. */
    public static final ReconnectPolicy DEFAULT =
            new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), UNLIMITED);

    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("reconnect initialDelay must be positive: " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("reconnect maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("reconnect maxAttempts must be 0 (unlimited) or more: " + maxAttempts);
        }
    }

    /** Exponential backoff from {@code initialDelay} up to {@code maxDelay}, never giving up. */
    public static ReconnectPolicy backoff(Duration initialDelay, Duration maxDelay) {
        return new ReconnectPolicy(initialDelay, maxDelay, UNLIMITED);
    }

    /** This policy, giving up after {@code attempts} attempts. */
    public ReconnectPolicy withMaxAttempts(int attempts) {
        return new ReconnectPolicy(initialDelay, maxDelay, attempts);
    }

    /** Whether attempt number {@code attempt} (from 1) may be made. */
    public boolean allows(int attempt) {
        return maxAttempts == UNLIMITED || attempt <= maxAttempts;
    }

    /** The longest wait before attempt number {@code attempt} (from 1), before jitter. */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        int doublings = Math.min(attempt - 1, 62);
        long delay = initial > (max >> doublings) ? max : initial << doublings;
        return Duration.ofNanos(Math.min(delay, max));
    }
}
