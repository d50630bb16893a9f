package dev.herald.transport.mqtt.listener;

import dev.herald.broker.server.internal.Broker;
import dev.herald.broker.server.internal.Link;
import dev.herald.broker.server.internal.Protocol;
import dev.herald.broker.server.internal.Wire;

import java.io.InputStream;

/**
 * MQTT 3.1.1 on the engine. A packet larger than {@code broker.max-frame} closes its
 * connection; at most {@link #WINDOW} QoS 1 and 2 messages are in flight to each client.
 */
final class MqttProtocol implements Protocol {

    /** QoS 1 and 2 messages sent to a client and not yet acknowledged, at most (fewer if an MQTT 5.0 client asks). */
    static final int WINDOW = 64;
    /** The QoS 1 and 2 publishes an MQTT 5.0 client may have unacknowledged, its CONNACK's Receive Maximum. */
    static final int RECEIVE_MAXIMUM = 1024;
    /** The Topic Aliases an MQTT 5.0 client may use towards the server, its CONNACK's Topic Alias Maximum. */
    static final int TOPIC_ALIAS_MAXIMUM = 64;

    private final int maxPacketSize;
    private final java.time.Clock clock;

    MqttProtocol(Broker broker) {
        this.maxPacketSize = broker.config().maxFrame();
        this.clock = broker.config().clock();
    }

    @Override
    public Wire newWire() {
        return new MqttWire(WINDOW, clock);
    }

    @Override
    public void serve(Link link, InputStream in) {
        new MqttConnection(link, (MqttWire) link.wire(), maxPacketSize).run(in);
    }

    @Override
    public byte[] refusal(String why) {
        return null; // nothing may precede a CONNACK, and a CONNECT was not read: just close
    }
}
