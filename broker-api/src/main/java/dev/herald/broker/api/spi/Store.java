package dev.herald.broker.api.spi;

/**
 * An open store: its messages and its sessions, backed by one state. Closing it releases
 * its threads, files and connections; the server closes it when it stops.
 */
public interface Store extends AutoCloseable {

    /** Retained history and offline queues. */
    MessageStore messages();

    /** Sessions and subscriptions. */
    SubscriptionStore subscriptions();

    /** Whether acknowledged messages survive a crash of the process. */
    boolean durable();

    /** Releases everything the store holds. Idempotent. */
    @Override
    void close();
}
