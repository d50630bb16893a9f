/**
 * The MQTT 3.1.1 listener: adapts MQTT clients to the engine. {@code MqttConnection} reads a
 * connection's packets, {@code MqttWire} writes what the engine delivers, and
 * {@code MqttSessionState} keeps a session's messages in flight across its connections.
 */
package dev.herald.transport.mqtt.listener;
