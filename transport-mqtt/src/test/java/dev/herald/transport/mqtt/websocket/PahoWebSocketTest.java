package dev.herald.transport.mqtt.websocket;

import dev.herald.broker.server.HeraldServer;
import dev.herald.testsupport.Await;
import dev.herald.testsupport.TestKeys;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Eclipse Paho's Java client over {@code ws://} and {@code wss://}, beside Paho over plain
 * TCP: a client Herald did not write, and its own WebSocket framing.
 */
class PahoWebSocketTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A Paho client, connected with MQTT 3.1.1 and a clean session; closed after the test. */
    private MqttClient connect(String uri, String clientId, MqttConnectOptions options) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        open.add(() -> {
            if (client.isConnected()) {
                client.disconnect(5_000);
            }
            client.close(true);
        });
        return client;
    }

    /** Subscribes; what arrives is queued as "topic payload". */
    private static BlockingQueue<String> subscribe(MqttClient client, String filter) throws MqttException {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.subscribe(filter, 2, (topic, message) ->
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
        return received;
    }

    private static String next(BlockingQueue<String> received) throws InterruptedException {
        String r = received.poll(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "no message within " + Await.DEFAULT_TIMEOUT);
        return r;
    }

    private HeraldServer server(HeraldServer.Builder builder) throws Exception {
        HeraldServer server = builder.build().start();
        open.add(server);
        return server;
    }

    /** Messages go both ways between a client over WebSocket and one over TCP, at every QoS. */
    private static void exchange(MqttClient webSocket, MqttClient tcp) throws Exception {
        BlockingQueue<String> toBrowser = subscribe(webSocket, "sensors/#");
        BlockingQueue<String> fromBrowser = subscribe(tcp, "commands/#");
        for (int qos = 0; qos <= 2; qos++) {
            tcp.publish("sensors/qos" + qos, ("to the browser at " + qos).getBytes(StandardCharsets.UTF_8), qos, false);
            assertEquals("sensors/qos" + qos + " to the browser at " + qos, next(toBrowser));
            webSocket.publish("commands/qos" + qos, ("from the browser at " + qos).getBytes(StandardCharsets.UTF_8), qos, false);
            assertEquals("commands/qos" + qos + " from the browser at " + qos, next(fromBrowser));
        }
        String large = "x".repeat(60_000); // a packet larger than a TCP segment, and than Paho's buffers
        tcp.publish("sensors/large", large.getBytes(StandardCharsets.UTF_8), 1, false);
        assertEquals("sensors/large " + large, next(toBrowser));
    }

    @Test
    void pahoOverWebSocket() throws Exception {
        HeraldServer server = server(HeraldServer.builder().listeners("mqtt://127.0.0.1:0,ws://127.0.0.1:0/mqtt"));
        exchange(connect("ws://127.0.0.1:" + server.port("ws") + "/mqtt", "paho-ws", new MqttConnectOptions()),
                connect("tcp://127.0.0.1:" + server.port("mqtt"), "paho-tcp", new MqttConnectOptions()));
    }

    @Test
    void pahoOverWebSocketWithTls(@TempDir Path dir) throws Exception {
        Path keystore = TestKeys.keystore(dir);
        SSLContext trusting = TestKeys.trusting(keystore);
        HeraldServer server = server(HeraldServer.builder().tls(keystore, TestKeys.PASSWORD)
                .listeners("mqtt://127.0.0.1:0,wss://127.0.0.1:0"));
        MqttConnectOptions secure = new MqttConnectOptions();
        secure.setSocketFactory(trusting.getSocketFactory());
        exchange(connect("wss://127.0.0.1:" + server.port("wss") + "/mqtt", "paho-wss", secure),
                connect("tcp://127.0.0.1:" + server.port("mqtt"), "paho-tcp", new MqttConnectOptions()));
    }
}
