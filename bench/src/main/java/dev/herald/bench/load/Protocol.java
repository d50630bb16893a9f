package dev.herald.bench.load;

/** How the generator talks to a target. */
public enum Protocol {
    /** The Herald protocol: sessions, subscriptions, acknowledged publishes. */
    HERALD,
    /**
     * The bare relay: no handshake and no replies; publishers write the same {@code PUB}
     * lines, subscribers receive them as they were written.
     */
    RELAY,
    /**
     * MQTT 3.1.1, to measure a reference broker such as Mosquitto: publishes at QoS 1, each
     * acknowledged ({@code PUBACK}) as Herald acknowledges a {@code PUB}; subscriptions at
     * QoS 0. See {@link Mqtt}.
     */
    MQTT;

    /** Whether the target acknowledges each publish, so that publishers keep a window. */
    boolean acknowledges() {
        return this != RELAY;
    }
}
