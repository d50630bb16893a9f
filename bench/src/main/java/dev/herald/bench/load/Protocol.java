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
    MQTT,
    /**
     * MQTT 3.1.1 with publishes at QoS 0: nothing acknowledges them, so the publishers write
     * as fast as TCP takes them; subscriptions at QoS 0.
     */
    MQTT_QOS0;

    /** Whether the target acknowledges each publish, so that publishers keep a window. */
    boolean acknowledges() {
        return this == HERALD || this == MQTT;
    }

    /** Whether it speaks MQTT. */
    public boolean mqtt() {
        return this == MQTT || this == MQTT_QOS0;
    }

    /** MQTT with publishes at {@code qos} (0 or 1). */
    public static Protocol mqtt(int qos) {
        return qos == 0 ? MQTT_QOS0 : MQTT;
    }
}
