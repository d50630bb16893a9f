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
    MQTT_QOS0,
    /**
     * MQTT 5.0, publishes at QoS 1 as with {@link #MQTT}; the publishers' window is also
     * bounded by the Receive Maximum of the broker's {@code CONNACK}.
     */
    MQTT5,
    /** MQTT 5.0 with publishes at QoS 0, as {@link #MQTT_QOS0}. */
    MQTT5_QOS0;

    /** Whether the target acknowledges each publish, so that publishers keep a window. */
    boolean acknowledges() {
        return this == HERALD || this == MQTT || this == MQTT5;
    }

    /** Whether it speaks MQTT. */
    public boolean mqtt() {
        return mqttLevel() > 0;
    }

    /** The MQTT protocol level of {@code CONNECT}: 4 for 3.1.1, 5 for 5.0; 0 when it is not MQTT. */
    public int mqttLevel() {
        return switch (this) {
            case MQTT, MQTT_QOS0 -> Mqtt.LEVEL_311;
            case MQTT5, MQTT5_QOS0 -> Mqtt.LEVEL_5;
            case HERALD, RELAY -> 0;
        };
    }

    /** MQTT at protocol {@code level} (4: 3.1.1, 5: 5.0) with publishes at {@code qos} (0 or 1). */
    public static Protocol mqtt(int qos, int level) {
        if (level == Mqtt.LEVEL_5) {
            return qos == 0 ? MQTT5_QOS0 : MQTT5;
        }
        return qos == 0 ? MQTT_QOS0 : MQTT;
    }
}
