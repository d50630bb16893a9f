package dev.herald.broker.server.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The engine's meters in a Micrometer registry, every name starting with {@code herald.}.
 * Counts are function counters and gauges that read the engine's own counts when the
 * registry is scraped, so that the hot path increments nothing of Micrometer's; only the
 * store's latencies are recorded as they happen, once per batch. The first
 * {@code topicLimit} topics get series of their own (tag {@code topic}); the counts of later
 * ones are summed under {@code topic="_other"}. The server's own {@code $} topics get none.
 *
 * <p>Loaded only when a registry is given, so the engine runs without Micrometer present.
 */
public final class MicrometerMetrics implements BrokerMetrics {

    /** The tag value under which topics beyond the limit are counted together. */
    static final String OTHER_TOPICS = "_other";

    private final MeterRegistry registry;
    private final int topicLimit;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final List<Topic> otherTopics = new CopyOnWriteArrayList<>();
    /** What the function counters read, held here because the registry holds it weakly. */
    private final List<Object> sources = new CopyOnWriteArrayList<>();
    private final Timer append;
    private final Timer commit;
    private int topicsWithSeries;

    /**
     * @param registry   the registry to add the meters to; they are taken out again when the server stops
     * @param topicLimit how many topics get series of their own
     */
    private MicrometerMetrics(MeterRegistry registry, int topicLimit) {
        this.registry = registry;
        this.topicLimit = topicLimit;
        this.append = keep(Timer.builder("herald.store.append")
                .description("time the store took to append a batch of publishes (committed, for a durable store)")
                .publishPercentileHistogram().register(registry));
        this.commit = keep(Timer.builder("herald.store.commit")
                .description("time a durable store's commit took").publishPercentileHistogram().register(registry));
    }

    /**
     * Metrics in one registry or two (the program's and the operations listener's).
     *
     * @param first  a registry, or null
     * @param second another, or null; not both null
     */
    public static BrokerMetrics of(MeterRegistry first, MeterRegistry second, int topicLimit) {
        if (first == null || second == null) {
            return new MicrometerMetrics(first != null ? first : second, topicLimit);
        }
        CompositeMeterRegistry both = new CompositeMeterRegistry();
        both.add(first);
        both.add(second);
        return new MicrometerMetrics(both, topicLimit);
    }

    @Override
    public void bind(Broker broker) {
        BrokerStats stats = broker.stats;
        Figures figures = broker.figures();
        gauge("herald.connections.open", "connections being served", broker, Broker::connectionCount);
        counter("herald.connections.opened", "connections accepted", stats.connectionsOpened);
        counter("herald.connections.refused", "connections refused at the connection limit", stats.connectionsRefused);
        keep(Gauge.builder("herald.sessions", figures, f -> f.sessionCount(true)).tag("state", "online")
                .description("sessions by state").register(registry));
        keep(Gauge.builder("herald.sessions", figures, f -> f.sessionCount(false)).tag("state", "offline")
                .description("sessions by state").register(registry));
        gauge("herald.subscriptions", "topic filters subscribed, over every session", figures, Figures::subscriptionCount);
        counter("herald.messages.replayed", "messages sent as a SUB's history or a RECON's queue", stats.replayed);
        keep(FunctionCounter.builder("herald.bytes.received", stats.bytesIn, LongAdder::sum).baseUnit("bytes")
                .description("bytes read from connections").register(registry));
        keep(FunctionCounter.builder("herald.bytes.sent", figures, Figures::bytesSent).baseUnit("bytes")
                .description("bytes written to connections").register(registry));
        gauge("herald.offline.queue.depth", "messages waiting in every offline queue", figures,
                f -> f.queueDepths().total());
        gauge("herald.offline.queue.depth.max", "messages waiting in the deepest offline queue", figures,
                f -> f.queueDepths().largest());
        keep(FunctionCounter.builder("herald.offline.dropped", figures, Figures::offlineDropped)
                .description("queued messages dropped from full offline queues").register(registry));
        counter("herald.offline.expired", "queued messages deleted unread at the offline TTL", stats.offlineExpired);
        counter("herald.slow.consumer.cutoffs", "connections cut off as slow consumers", stats.slowConsumerCutOffs);
        counter("herald.flow.control.waits", "times delivery waited for a connection to make room", stats.flowControlWaits);
        counter("herald.logins.failed", "CONN or RECON with missing or wrong credentials", stats.failedLogins);
        topicCounters(OTHER_TOPICS, otherTopics);
    }

    @Override
    public void appended(long nanos) {
        append.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void committed(long nanos) {
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void topicAdded(Topic topic) {
        if (topic.serverOwned()) {
            return;
        }
        if (topicsWithSeries >= topicLimit) {
            otherTopics.add(topic);
            return;
        }
        topicsWithSeries++;
        topicCounters(topic.name, List.of(topic));
    }

    /** The counters of one topic, or of several summed (they hold their topics strongly: the registry does not). */
    private void topicCounters(String tag, List<Topic> topics) {
        topicCounter("herald.messages.published", "messages stored", tag, topics, t -> t.published);
        topicCounter("herald.messages.delivered", "messages sent live to subscribers", tag, topics, t -> t.delivered);
        topicCounter("herald.messages.queued", "messages put in offline queues at publish", tag, topics,
                t -> t.queuedOffline);
    }

    private void topicCounter(String name, String description, String tag, List<Topic> topics,
                              ToLongFunction<Topic> count) {
        sources.add(topics);
        keep(FunctionCounter.builder(name, topics, ts -> ts.stream().mapToLong(count).sum())
                .tag("topic", tag).description(description).register(registry));
    }

    private void counter(String name, String description, LongAdder count) {
        keep(FunctionCounter.builder(name, count, LongAdder::sum).description(description).register(registry));
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        keep(Gauge.builder(name, source, value).description(description).strongReference(true).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
        sources.clear();
    }
}
