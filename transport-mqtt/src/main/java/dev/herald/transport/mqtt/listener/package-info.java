/**
 * The MQTT listener, for MQTT 3.1.1 and 5.0: adapts MQTT clients to the engine.
 * {@code MqttConnection} reads a connection's packets, {@code MqttWire} writes what the engine
 * delivers within the limits of {@code ClientLimits}, and {@code MqttSessionState} keeps a
 * session's messages in flight and its subscription options across its connections.
 */
package dev.herald.transport.mqtt.listener;
