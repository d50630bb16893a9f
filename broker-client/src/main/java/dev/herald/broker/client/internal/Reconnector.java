package dev.herald.broker.client.internal;

import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.ReconnectPolicy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnects a client after it lost its connection, on a virtual thread of its own: before
 * attempt {@code k} it waits the policy's {@link ReconnectPolicy#delay delay(k)} less a random
 * part of up to half, then makes the attempt, until one succeeds, the policy allows no more,
 * a failure says that reconnecting cannot help, or the client no longer wants it.
 */
public final class Reconnector {

    /** What is reconnected. Called on the reconnecting thread. */
    public interface Target {
        /** Whether {@code reconnector} is still the one reconnecting (no disconnect or close came meanwhile). */
        boolean stillWanted(Reconnector reconnector);

        /** Makes attempt number {@code attempt} (from 1); returns on success, throws on failure. */
        void attempt(Reconnector reconnector, int attempt);

        /** Attempt number {@code attempt} failed, and reconnecting is still wanted. */
        void attemptFailed(int attempt, HeraldException cause);

        /** No further attempt follows: the policy allows no more, or the last failure ends the session. */
        void gaveUp(Reconnector reconnector);
    }

    /** Waits between attempts; {@link Thread#sleep(Duration)} but in tests. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration delay) throws InterruptedException;
    }

    private final ReconnectPolicy policy;
    private final Target target;
    private final Pause pause;
    private final Thread thread;

    private Reconnector(String name, ReconnectPolicy policy, Target target, Pause pause) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.target = Objects.requireNonNull(target, "target");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    /** Starts reconnecting {@code target} on a virtual thread named {@code name}. */
    public static Reconnector start(String name, ReconnectPolicy policy, Target target) {
        return start(name, policy, target, Thread::sleep);
    }

    /** {@link #start(String, ReconnectPolicy, Target)}, waiting between attempts with {@code pause}. */
    static Reconnector start(String name, ReconnectPolicy policy, Target target, Pause pause) {
        Reconnector reconnector = new Reconnector(name, policy, target, pause);
        reconnector.thread.start();
        return reconnector;
    }

    /**
     * Whether a connection that ended with {@code cause} may be won back by reconnecting: not
     * when another connection has the session, or the credentials or the id are refused.
     */
    public static boolean canHelp(HeraldException cause) {
        return cause.code() == null || switch (cause.code()) {
            case SESSION_TAKEN_OVER, BAD_CREDENTIALS, INVALID_CLIENT_ID -> false;
            default -> true;
        };
    }

    /** Stops waiting and attempting; an attempt under way is interrupted. */
    public void cancel() {
        thread.interrupt();
    }

    /** Whether it still waits or attempts. */
    boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        for (int attempt = 1; policy.allows(attempt); attempt++) {
            try {
                pause.pause(jittered(policy.delay(attempt)));
            } catch (InterruptedException e) {
                return;
            }
            if (!target.stillWanted(this)) {
                return;
            }
            try {
                target.attempt(this, attempt);
                return;
            } catch (HeraldException e) {
                if (!target.stillWanted(this)) {
                    return;
                }
                target.attemptFailed(attempt, e);
                if (!canHelp(e)) {
                    break;
                }
            }
        }
        target.gaveUp(this);
    }

    /** {@code delay} less a random part of up to half of it. */
    static Duration jittered(Duration delay) {
        long nanos = delay.toNanos();
        return Duration.ofNanos(nanos - ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
    }
}
