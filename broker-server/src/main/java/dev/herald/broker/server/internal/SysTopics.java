package dev.herald.broker.server.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Publishes the broker's figures to its {@code $SYS} topics, named as Mosquitto names them,
 * every {@code broker.sys-interval} of the server's clock, the first time one interval
 * after start. It uses
 * the engine's publish path for the server's own messages, so the topics have a retained
 * value (a {@code SUB} replays the latest) and live subscribers. The figures leave the
 * {@code $SYS} messages themselves out.
 */
public final class SysTopics implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SysTopics.class.getName());
    /** How often the clock is looked at: a moved test clock is noticed this fast. */
    private static final long CHECK_MS = 100;

    static final String VERSION = "$SYS/broker/version";
    static final String UPTIME = "$SYS/broker/uptime";
    static final String CLIENTS_CONNECTED = "$SYS/broker/clients/connected";
    static final String CLIENTS_DISCONNECTED = "$SYS/broker/clients/disconnected";
    static final String CLIENTS_TOTAL = "$SYS/broker/clients/total";
    static final String MESSAGES_RECEIVED = "$SYS/broker/messages/received";
    static final String MESSAGES_SENT = "$SYS/broker/messages/sent";
    static final String MESSAGES_DROPPED = "$SYS/broker/publish/messages/dropped";
    static final String BYTES_RECEIVED = "$SYS/broker/bytes/received";
    static final String BYTES_SENT = "$SYS/broker/bytes/sent";
    static final String SUBSCRIPTIONS = "$SYS/broker/subscriptions/count";

    /** Every topic published, in the order published. */
    static final List<String> NAMES = List.of(VERSION, UPTIME, CLIENTS_CONNECTED, CLIENTS_DISCONNECTED,
            CLIENTS_TOTAL, MESSAGES_RECEIVED, MESSAGES_SENT, MESSAGES_DROPPED, BYTES_RECEIVED, BYTES_SENT,
            SUBSCRIPTIONS);

    private final Broker broker;
    private final LongSupplier clock;
    private final long intervalMs;
    private final String version;
    private final long startedAt;
    private final ScheduledExecutorService timer;
    private long nextAt;

    private SysTopics(Broker broker, Clock clock, Duration interval, String version) {
        this.broker = broker;
        this.clock = clock::millis;
        this.intervalMs = interval.toMillis();
        this.version = version;
        this.startedAt = clock.millis();
        this.nextAt = startedAt + intervalMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("herald-sys-topics").daemon(true).factory());
    }

    /**
     * Starts publishing every {@code interval} of {@code clock}.
     *
     * @param version the broker's version, for {@code $SYS/broker/version}
     */
    public static SysTopics start(Broker broker, Clock clock, Duration interval, String version) {
        SysTopics sys = new SysTopics(broker, clock, interval, version);
        sys.timer.scheduleWithFixedDelay(sys::publishIfDue, 0, CHECK_MS, TimeUnit.MILLISECONDS);
        return sys;
    }

    private void publishIfDue() {
        long now = clock.getAsLong();
        if (now < nextAt) {
            return;
        }
        nextAt = now + intervalMs;
        try {
            // Only topics someone reads: a figure nobody subscribes to takes no message id.
            Map<String, String> read = figures(now);
            read.keySet().removeIf(topic -> !broker.hasSubscribers(topic));
            read.forEach((topic, value) -> broker.publish(topic, value).whenComplete((m, e) -> {
                if (e != null) {
                    LOG.log(WARNING, "could not publish " + topic + ": " + e.getMessage());
                }
            }));
        } catch (RuntimeException e) {
            LOG.log(WARNING, "could not publish the $SYS topics: " + e.getMessage(), e);
        }
    }

    /** Each topic's value now, as Mosquitto writes it (a bare number, or "N seconds"). */
    Map<String, String> figures(long now) {
        int online = broker.figures().sessionCount(true);
        int offline = broker.figures().sessionCount(false);
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put(VERSION, "herald version " + version);
        figures.put(UPTIME, (now - startedAt) / 1000 + " seconds");
        figures.put(CLIENTS_CONNECTED, Integer.toString(online));
        figures.put(CLIENTS_DISCONNECTED, Integer.toString(offline));
        figures.put(CLIENTS_TOTAL, Integer.toString(online + offline));
        figures.put(MESSAGES_RECEIVED, Long.toString(broker.figures().messagesPublished()));
        figures.put(MESSAGES_SENT, Long.toString(broker.figures().messagesSent()));
        figures.put(MESSAGES_DROPPED, Long.toString(broker.figures().offlineDropped()));
        figures.put(BYTES_RECEIVED, Long.toString(broker.stats.bytesIn.sum()));
        figures.put(BYTES_SENT, Long.toString(broker.figures().bytesSent()));
        figures.put(SUBSCRIPTIONS, Integer.toString(broker.figures().subscriptionCount()));
        return figures;
    }

    /** Stops publishing. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
