package dev.herald.broker.api.spi;

/**
 * What a store tells the server about its own work, for the server's metrics. Every method
 * defaults to doing nothing, so a store calls only those that mean something for it, and
 * methods can be added without breaking stores. Called on the store's threads; must not
 * block.
 */
public interface StoreListener {

    /** A listener that ignores everything. */
    StoreListener NONE = new StoreListener() {
    };

    /**
     * A transaction was committed.
     *
     * @param nanos how long the commit itself took
     */
    default void committed(long nanos) {
    }
}
