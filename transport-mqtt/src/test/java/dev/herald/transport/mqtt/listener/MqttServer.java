package dev.herald.transport.mqtt.listener;

import dev.herald.broker.server.HeraldServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/** A Herald server for the MQTT tests: the line protocol and MQTT, each on a free port of 127.0.0.1. */
final class MqttServer implements AutoCloseable {

    final HeraldServer server;

    private MqttServer(HeraldServer server) {
        this.server = server;
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
        server.close();
    }
}
