package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.StoreListener;

/**
 * Where the engine reports what a metrics registry records beyond its counts: the store's
 * latencies, and topics as they appear. {@link #NONE}, the default when no registry is
 * given, ignores everything, so that the engine pays nothing for metrics it does not keep.
 * Counts are not reported here: the registry reads them from {@link BrokerStats} and the
 * topics when it is scraped.
 */
public interface BrokerMetrics extends StoreListener, AutoCloseable {

    BrokerMetrics NONE = new BrokerMetrics() {
    };

    /** Called once the engine exists, before it makes any topic: the registry's gauges read it. */
    default void bind(Broker broker) {
    }

    /** A batch of publishes was stored; {@code nanos} is how long the store's append took. */
    default void appended(long nanos) {
    }

    /** A topic was made (under the routing lock). */
    default void topicAdded(Topic topic) {
    }

    /** Takes the engine's meters out of the registry. */
    @Override
    default void close() {
    }
}
