package dev.herald.broker.api.spi;

/**
 * An open store: its messages and its sessions, backed by one state. Closing it releases
 * its threads, files and connections; the server closes it when it stops.
 */
public interface Store extends AutoCloseable {

    /** Retained history, retained messages and offline queues. */
    MessageStore messages();

    /** Sessions and subscriptions. */
    SubscriptionStore subscriptions();

    /**
     * Whether the store answers now, for the server's readiness check: a durable store asks
     * its database (briefly). True by default.
     */
    default boolean ready() {
        return true;
    }

    /** Whether acknowledged messages survive a crash of the process. */
    boolean durable();

    /** Releases everything the store holds. Idempotent. */
    @Override
    void close();
}
