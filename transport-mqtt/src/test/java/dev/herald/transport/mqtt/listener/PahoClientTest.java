package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.Await;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Herald's MQTT listener with Eclipse Paho, a client Herald did not write. */
class PahoClientTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A Paho client with the messages it received. */
    private final class Client implements AutoCloseable {
        final MqttClient paho;
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        volatile Throwable lost;

        Client(MqttServer server, String id, MqttConnectOptions options) throws MqttException {
            paho = new MqttClient(server.mqttUri(), id, new MemoryPersistence());
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost = cause;
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(new Received(topic, message));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            paho.connect(options);
            open.add(this);
        }

        Received next() throws InterruptedException {
            Received r = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "no message within 10 s");
            return r;
        }

        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) {
                paho.disconnectForcibly(0, 1000);
            }
            paho.close(true);
        }
    }

    private record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    private static MqttConnectOptions options(boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return o;
    }

    private MqttServer server() {
        MqttServer server = MqttServer.start();
        open.add(server);
        return server;
    }

    @Test
    void messagesGoBetweenPahoClientsAtEveryQos() throws Exception {
        MqttServer server = server();
        Client sub = new Client(server, "paho-sub", options(true));
        sub.paho.subscribe("sensors/#", 2);
        Client pub = new Client(server, "paho-pub", options(true));
        for (int qos = 0; qos <= 2; qos++) {
            pub.paho.publish("sensors/qos" + qos, ("at " + qos).getBytes(StandardCharsets.UTF_8), qos, false);
        }
        for (int qos = 0; qos <= 2; qos++) {
            Received r = sub.next();
            assertEquals("sensors/qos" + qos, r.topic());
            assertEquals("at " + qos, r.text());
            assertEquals(qos, r.message().getQos());
        }
    }

    @Test
    void aPersistentSessionReceivesWhatWasPublishedWhileItWasAway() throws Exception {
        MqttServer server = server();
        Client sub = new Client(server, "paho-durable", options(false));
        sub.paho.subscribe("orders", 1);
        sub.paho.disconnect();
        Client pub = new Client(server, "paho-pub", options(true));
        for (int i = 1; i <= 3; i++) {
            pub.paho.publish("orders", ("order " + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        Client back = new Client(server, "paho-durable", options(false));
        for (int i = 1; i <= 3; i++) {
            assertEquals("order " + i, back.next().text());
        }
    }

    @Test
    void aRetainedMessageGoesToEachNewSubscriberAndAnEmptyOneClearsIt() throws Exception {
        MqttServer server = server();
        Client pub = new Client(server, "paho-pub", options(true));
        pub.paho.publish("config/mode", "eco".getBytes(StandardCharsets.UTF_8), 1, true);
        Client first = new Client(server, "paho-first", options(true));
        first.paho.subscribe("config/+", 1);
        Received r = first.next();
        assertEquals("eco", r.text());
        assertTrue(r.message().isRetained(), "a retained message sent to a new subscription has RETAIN 1");

        pub.paho.publish("config/mode", new byte[0], 1, true);
        Received cleared = first.next();
        assertEquals(0, cleared.message().getPayload().length, "the empty message is delivered as any other");
        Client second = new Client(server, "paho-second", options(true));
        second.paho.subscribe("config/+", 1);
        second.paho.publish("config/ping", "p".getBytes(StandardCharsets.UTF_8), 1, false);
        assertEquals("config/ping", second.next().topic(), "no retained message any more");
    }

    @Test
    void theWillOfAClientThatVanishesIsPublished() throws Exception {
        MqttServer server = server();
        Client watcher = new Client(server, "paho-watcher", options(true));
        watcher.paho.subscribe("clients/+/state", 1);
        MqttConnectOptions withWill = options(true);
        withWill.setWill("clients/dev1/state", "offline".getBytes(StandardCharsets.UTF_8), 1, false);
        Client device = new Client(server, "paho-dev1", withWill);
        device.paho.disconnectForcibly(0, 1000, false); // no DISCONNECT packet
        Received r = watcher.next();
        assertEquals("clients/dev1/state", r.topic());
        assertEquals("offline", r.text());
    }

    @Test
    void mqttAndTheLineProtocolShareTopics() throws Exception {
        MqttServer server = server();
        Client mqtt = new Client(server, "paho-news", options(true));
        mqtt.paho.subscribe("NEWS", 1);
        try (Socket socket = new Socket("127.0.0.1", server.linePort())) {
            PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.print("CONN line-client\nSUB NEWS\nPUB NEWS from the line protocol\n");
            out.flush();
            assertTrue(in.readLine().startsWith("CONN_ACK"));
            assertTrue(in.readLine().startsWith("SUB_ACK NEWS"));
            List<String> two = List.of(in.readLine(), in.readLine()); // PUB_ACK and the message, in either order
            assertTrue(two.stream().anyMatch(l -> l.startsWith("PUB_ACK NEWS")), two.toString());
            assertTrue(two.stream().anyMatch(l -> l.startsWith("MSG NEWS ") && l.endsWith(" from the line protocol")),
                    "the line subscriber gets its own message: " + two);
            Received r = mqtt.next();
            assertEquals("from the line protocol", r.text());

            mqtt.paho.publish("NEWS", "from MQTT".getBytes(StandardCharsets.UTF_8), 1, false);
            String msg = in.readLine();
            assertTrue(msg.startsWith("MSG NEWS ") && msg.endsWith(" from MQTT"), msg);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithReturnCode4AndNoCredentialsWith5() throws Exception {
        Path users = Files.createTempFile("herald-users", ".properties");
        Files.writeString(users, "alice = " + dev.herald.broker.server.Passwd.hash("secret".toCharArray()) + "\n");
        MqttServer server = MqttServer.start(b -> b.users(users));
        open.add(server);
        open.add(() -> Files.deleteIfExists(users));
        MqttConnectOptions wrong = options(true);
        wrong.setUserName("alice");
        wrong.setPassword("guess".toCharArray());
        MqttException bad = assertThrows(MqttException.class, () -> new Client(server, "paho-wrong", wrong));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, bad.getReasonCode());
        MqttException none = assertThrows(MqttException.class, () -> new Client(server, "paho-none", options(true)));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, none.getReasonCode());
        MqttConnectOptions right = options(true);
        right.setUserName("alice");
        right.setPassword("secret".toCharArray());
        assertTrue(new Client(server, "paho-alice", right).paho.isConnected());
    }

    @Test
    void aSecondClientWithTheSameIdTakesTheSessionOver() throws Exception {
        MqttServer server = server();
        Client first = new Client(server, "paho-twin", options(false));
        Client second = new Client(server, "paho-twin", options(false));
        Await.until("the first client is told its connection is lost", () -> first.lost != null);
        assertTrue(second.paho.isConnected());
        assertFalse(first.paho.isConnected());
    }
}
