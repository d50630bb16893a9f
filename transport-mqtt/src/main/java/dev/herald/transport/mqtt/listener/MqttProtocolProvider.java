package dev.herald.transport.mqtt.listener;

import dev.herald.broker.server.internal.Broker;
import dev.herald.broker.server.internal.Protocol;
import dev.herald.broker.server.internal.ProtocolProvider;

/** MQTT 3.1.1 listeners: {@code mqtt://host:port}, and {@code mqtts://host:port} with TLS. */
public final class MqttProtocolProvider implements ProtocolProvider {

    @Override
    public String scheme() {
        return "mqtt";
    }

    @Override
    public String secureScheme() {
        return "mqtts";
    }

    @Override
    public Protocol create(Broker broker) {
        return new MqttProtocol(broker);
    }

    /** MQTT over WebSocket, {@code ws://} and {@code wss://}: the subprotocol {@code mqtt} (section 6). */
    @Override
    public String webSocketSubprotocol() {
        return "mqtt";
    }
}
