package dev.herald.broker.client.internal;

import dev.herald.broker.client.ConnectionException;
import dev.herald.broker.client.RequestTimeoutException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * The keep-alive of one connection: after {@code idle} without sending anything it sends
 * {@code PING}, and a {@code PING} whose {@code PONG} does not come in time ends the
 * connection as dead. It checks every quarter of the idle period, but not more often than
 * every 10 ms, on the shared timer.
 */
public final class KeepAlive {

    private static final Duration MIN_CHECK = Duration.ofMillis(10);

    private final ScheduledFuture<?> checks;

    private KeepAlive(ScheduledFuture<?> checks) {
        this.checks = checks;
    }

    /**
     * Starts checking {@code link}.
     *
     * @param idle         how long the connection may send nothing; positive
     * @param replyTimeout how long a {@code PONG} may take
     * @param ping         sends {@code PING} on {@code link}; its future fails with a
     *                     {@link RequestTimeoutException} when no {@code PONG} came within {@code replyTimeout}
     */
    public static KeepAlive start(ServerLink link, Duration idle, Duration replyTimeout,
                                  Supplier<CompletableFuture<?>> ping) {
        Duration check = idle.dividedBy(4);
        return new KeepAlive(Timers.every(check.compareTo(MIN_CHECK) < 0 ? MIN_CHECK : check, () -> {
            if (!link.isOpen() || System.nanoTime() - link.lastWriteNanos() < idle.toNanos()) {
                return;
            }
            ping.get().whenComplete((pong, error) -> {
                if (error instanceof RequestTimeoutException) {
                    link.abort(new ConnectionException("no PONG from " + link.peer() + " within "
                            + replyTimeout.toMillis() + " ms; the connection is considered dead"));
                }
            });
        }));
    }

    /** Stops checking; a {@code PING} already sent still waits for its {@code PONG}. */
    public void stop() {
        checks.cancel(false);
    }
}
