package dev.herald.bench.load;

/** How the generator talks to a target. */
public enum Protocol {
    /** The Herald protocol: sessions, subscriptions, acknowledged publishes. */
    HERALD,
    /**
     * The bare relay: no handshake and no replies; publishers write the same {@code PUB}
     * lines, subscribers receive them as they were written.
     */
    RELAY
}
