/**
 * MQTT 3.1.1 and 5.0 for Herald. The packet codec ({@code dev.herald.transport.mqtt.codec})
 * turns bytes into typed packets and back, at either protocol level, checking every rule of
 * the standard that a single packet can break; the listener
 * ({@code dev.herald.transport.mqtt.listener}) adapts MQTT clients to the engine, on the
 * {@code mqtt://} and {@code mqtts://} listeners of {@code broker.listeners}, and over
 * WebSocket on its {@code ws://} and {@code wss://} listeners.
 *
 * @provides dev.herald.broker.server.internal.ProtocolProvider MQTT 3.1.1 and 5.0, schemes {@code mqtt} and
 *           {@code mqtts}, and WebSocket subprotocol {@code mqtt}
 */
module dev.herald.transport.mqtt {
    requires dev.herald.broker.server;

    exports dev.herald.transport.mqtt.codec;

    provides dev.herald.broker.server.internal.ProtocolProvider
            with dev.herald.transport.mqtt.listener.MqttProtocolProvider;
}
