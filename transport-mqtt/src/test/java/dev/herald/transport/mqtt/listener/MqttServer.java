package dev.herald.transport.mqtt.listener;

import dev.herald.broker.server.HeraldServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A Herald server for the MQTT tests: the line protocol and MQTT, each on a free port of 127.0.0.1. */
final class MqttServer implements AutoCloseable {

    final HeraldServer server;
    /** What the test opened on the server, closed before it. */
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    private MqttServer(HeraldServer server) {
        this.server = server;
    }

    /** A raw client connected with CONNECT, closed with the server. */
    RawMqttClient client(String clientId, boolean cleanSession) {
        return closesWith(RawMqttClient.connected(mqttPort(), clientId, cleanSession));
    }

    /** Closes a client of the test when the server closes, before the server. */
    <T extends AutoCloseable> T closesWith(T client) {
        clients.add(client);
        return client;
    }

    static MqttServer start() {
        return start(b -> b);
    }

    static MqttServer start(UnaryOperator<HeraldServer.Builder> options) {
        try {
            return new MqttServer(options.apply(HeraldServer.builder()
                    .listeners("herald://127.0.0.1:0,mqtt://127.0.0.1:0")).build().start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int mqttPort() {
        return server.port("mqtt");
    }

    int linePort() {
        return server.port("herald");
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort();
    }

    @Override
    public void close() {
        try {
            for (AutoCloseable c : clients.reversed()) {
                c.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("a client of the test did not close", e);
        } finally {
            server.close();
        }
    }
}
