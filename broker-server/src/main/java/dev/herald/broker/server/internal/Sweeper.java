package dev.herald.broker.server.internal;

import dev.herald.broker.model.Durations;
import dev.herald.broker.api.spi.MessageStore;

import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The engine's background work, on a thread of its own: it cuts slow consumers off, closes
 * idle connections and those that did not log in in time, deletes queued messages past the
 * offline TTL, expires sessions, and has the login throttle log its failures. It runs on a
 * timer, not on a client's request, and the changes it sets off are made where they are
 * made for a request: in {@link Sessions}, {@link Admission}, {@link LoginThrottle} and the
 * store.
 */
final class Sweeper implements AutoCloseable {

    /** Logs under the engine's name, like the rest of the engine. */
    private static final System.Logger LOG = System.getLogger(Broker.class.getName());
    private static final long IDLE_CHECK_MS = 250;
    private static final long EXPIRY_SWEEP_MS = 5_000;
    private static final int PURGE_BATCH = 1_000;
    private static final int PURGE_BATCHES_PER_SWEEP = 10;

    private final BrokerConfig config;
    /** The connections being served: a live view. */
    private final Collection<Link> connections;
    private final Sessions sessions;
    private final MessageStore messages;
    private final BrokerStats stats;
    private final ScheduledExecutorService scheduler;
    /** Work due at a time of the engine's clock, soonest first. */
    private final java.util.concurrent.PriorityBlockingQueue<Due> due = new java.util.concurrent.PriorityBlockingQueue<>();

    /** A task due at {@code at} (epoch ms of the engine's clock). */
    private record Due(long at, long order, Runnable task) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }

    private final java.util.concurrent.atomic.AtomicLong dueOrder = new java.util.concurrent.atomic.AtomicLong();

    /** Starts the background work. */
    Sweeper(BrokerConfig config, Collection<Link> connections, Sessions sessions, MessageStore messages,
            Admission admission, LoginThrottle throttle, BrokerStats stats) {
        this.config = config;
        this.connections = connections;
        this.sessions = sessions;
        this.messages = messages;
        this.stats = stats;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("herald-sweeper").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(this::closeIdleConnections, IDLE_CHECK_MS, IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::runDue, IDLE_CHECK_MS, IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::sweepExpired, EXPIRY_SWEEP_MS, EXPIRY_SWEEP_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> admission.closeLate(now()), IDLE_CHECK_MS, IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> throttle.sweep(now()), LoginThrottle.LOG_INTERVAL_MS, LoginThrottle.LOG_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    private long now() {
        return config.clock().millis();
    }

    /** Runs {@code task} on the sweeper's thread once the engine's clock reaches {@code at}, within a quarter second. */
    void at(long at, Runnable task) {
        due.add(new Due(at, dueOrder.incrementAndGet(), task));
    }

    private void runDue() {
        long now = now();
        for (Due d = due.peek(); d != null && d.at() <= now; d = due.peek()) {
            due.remove(d);
            try {
                d.task().run();
            } catch (RuntimeException e) {
                LOG.log(WARNING, "delayed work failed: " + e.getMessage(), e);
            }
        }
    }

    private void closeIdleConnections() {
        long now = now();
        long limit = config.idleTimeout().toMillis();
        long slow = config.slowConsumerTimeout().toMillis();
        for (Link c : connections) {
            long overSince = c.outbound.overBoundSince();
            if (overSince >= 0 && now - overSince >= slow) {
                sessions.cutOff(c);
            }
            long idle = c.idleLimit >= 0 ? c.idleLimit : limit;
            if (now - c.lastActivity >= idle && !c.isClosed()) {
                LOG.log(INFO, "{0} idle for {1}; closing it", c.describe(), Durations.format(java.time.Duration.ofMillis(idle)));
                sessions.closeOffline(c);
            }
        }
    }

    private void sweepExpired() {
        try {
            long now = now();
            long cutoff = now - config.offlineTtl().toMillis() + 1;
            for (int i = 0; i < PURGE_BATCHES_PER_SWEEP; i++) {
                int purged = messages.purgeExpired(cutoff, PURGE_BATCH);
                stats.offlineExpired.add(purged);
                if (purged < PURGE_BATCH) {
                    break;
                }
            }
            for (Session s : sessions.all()) {
                if (s.expiredAt(now, config)) {
                    sessions.expire(s, now);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(WARNING, "background expiry failed, will retry: " + e.getMessage(), e);
        }
    }

    /** Stops the background work. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
