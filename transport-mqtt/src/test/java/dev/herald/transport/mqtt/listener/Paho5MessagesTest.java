package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.Await;
import dev.herald.testsupport.MutableClock;
import dev.herald.transport.mqtt.codec.MqttEncoder;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.Properties;
import dev.herald.transport.mqtt.codec.Property;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What MQTT 5.0 messages carry through Herald, seen by Eclipse Paho's MQTT 5.0 client: their
 * properties (live, retained and from an offline queue), their Message Expiry Interval, and
 * what subscription options and a delayed will do to them.
 */
class Paho5MessagesTest {

    /** A message as a Paho subscriber received it. */
    private record Received(String topic, MqttMessage message) {
        String payload() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    private final MutableClock clock = new MutableClock();
    private final List<MqttClient> clients = new ArrayList<>();
    private MqttServer server;

    @AfterEach
    void close() throws MqttException {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private MqttServer server() {
        server = MqttServer.start(b -> b.clock(clock));
        return server;
    }

    private MqttClient client(String id, MqttConnectionOptions options, List<Received> received) throws MqttException {
        MqttClient c = new MqttClient(server.mqttUri(), id, new MemoryPersistence());
        clients.add(c);
        c.setCallback(new Paho5Callback((topic, message) -> received.add(new Received(topic, message)), response -> { }));
        c.connect(options);
        return c;
    }

    private MqttClient client(String id, List<Received> received) throws MqttException {
        return client(id, new MqttConnectionOptions(), received);
    }

    private static MqttMessage message(String payload, int qos, boolean retained, MqttProperties properties) {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), qos, retained, properties);
        return m;
    }

    private static MqttProperties applicationProperties() {
        MqttProperties p = new MqttProperties();
        p.setUserProperties(List.of(new UserProperty("unit", "celsius"), new UserProperty("unit", "kelvin")));
        p.setContentType("text/plain");
        p.setResponseTopic("replies/kitchen");
        p.setCorrelationData(new byte[]{0, 1, (byte) 0xFF});
        p.setPayloadFormat(true);
        return p;
    }

    private static void assertApplicationProperties(MqttProperties p) {
        assertEquals(List.of(new UserProperty("unit", "celsius"), new UserProperty("unit", "kelvin")), p.getUserProperties());
        assertEquals("text/plain", p.getContentType());
        assertEquals("replies/kitchen", p.getResponseTopic());
        assertArrayEquals(new byte[]{0, 1, (byte) 0xFF}, p.getCorrelationData());
        assertTrue(p.getPayloadFormat());
    }

    private static Received await(List<Received> received, String payload) {
        Await.until("a message '" + payload + "'", () -> received.stream().anyMatch(r -> r.payload().equals(payload)));
        return received.stream().filter(r -> r.payload().equals(payload)).findFirst().orElseThrow();
    }

    @Test
    void applicationPropertiesPassThroughLiveRetainedAndFromAnOfflineQueue() throws Exception {
        server();
        List<Received> live = new CopyOnWriteArrayList<>();
        MqttClient subscriber = client("props-live", live);
        subscriber.subscribe(new MqttSubscription[]{new MqttSubscription("sensors/#", 1)});

        MqttConnectionOptions persistent = new MqttConnectionOptions();
        persistent.setCleanStart(false);
        persistent.setSessionExpiryInterval(600L);
        List<Received> away = new CopyOnWriteArrayList<>();
        MqttClient offline = client("props-away", persistent, away);
        offline.subscribe(new MqttSubscription[]{new MqttSubscription("sensors/#", 1)});
        offline.disconnect();
        Await.until("the session is offline", () -> server.server.admin().sessions().stream()
                .anyMatch(s -> s.clientId().equals("props-away") && !s.online()));

        MqttClient publisher = client("props-pub", new CopyOnWriteArrayList<>());
        publisher.publish("sensors/kitchen", message("21.5", 1, true, applicationProperties()));

        assertApplicationProperties(await(live, "21.5").message().getProperties());

        List<Received> late = new CopyOnWriteArrayList<>();
        client("props-late", late).subscribe(new MqttSubscription[]{new MqttSubscription("sensors/kitchen", 1)});
        Received retained = await(late, "21.5");
        assertTrue(retained.message().isRetained());
        assertApplicationProperties(retained.message().getProperties());

        offline.connect(persistent);
        assertApplicationProperties(await(away, "21.5").message().getProperties());
    }

    @Test
    void anExpiredMessageIsNotDeliveredAndOneThatIsNotCarriesTheTimeLeft() throws Exception {
        server();
        MqttClient publisher = client("expiry-pub", new CopyOnWriteArrayList<>());
        MqttProperties shortLived = new MqttProperties();
        shortLived.setMessageExpiryInterval(10L);
        publisher.publish("sensors/short", message("short-lived", 1, true, shortLived));
        MqttProperties longLived = new MqttProperties();
        longLived.setMessageExpiryInterval(100L);
        publisher.publish("sensors/long", message("long-lived", 1, true, longLived));

        clock.advance(Duration.ofSeconds(30));
        List<Received> received = new CopyOnWriteArrayList<>();
        MqttClient subscriber = client("expiry-sub", received);
        subscriber.subscribe(new MqttSubscription[]{new MqttSubscription("sensors/#", 1)});
        publisher.publish("sensors/marker", message("marker", 1, false, new MqttProperties()));

        Received kept = await(received, "long-lived");
        assertEquals(70L, kept.message().getProperties().getMessageExpiryInterval(), "100 s less the 30 s that passed");
        await(received, "marker");
        assertFalse(received.stream().anyMatch(r -> r.payload().equals("short-lived")), received.toString());
    }

    @Test
    void noLocalKeepsAClientsOwnMessagesFromItAndRetainAsPublishedKeepsTheFlag() throws Exception {
        server();
        List<Received> own = new CopyOnWriteArrayList<>();
        MqttClient self = client("no-local", own);
        MqttSubscription noLocal = new MqttSubscription("chat/#", 1);
        noLocal.setNoLocal(true);
        self.subscribe(new MqttSubscription[]{noLocal});
        List<Received> asPublished = new CopyOnWriteArrayList<>();
        MqttSubscription rap = new MqttSubscription("chat/#", 1);
        rap.setRetainAsPublished(true);
        client("rap", asPublished).subscribe(new MqttSubscription[]{rap});
        List<Received> plain = new CopyOnWriteArrayList<>();
        client("plain", plain).subscribe(new MqttSubscription[]{new MqttSubscription("chat/#", 1)});

        self.publish("chat/room", message("from myself", 1, true, new MqttProperties()));
        client("other", new CopyOnWriteArrayList<>()).publish("chat/room", message("from another", 1, false, new MqttProperties()));

        await(own, "from another");
        assertFalse(own.stream().anyMatch(r -> r.payload().equals("from myself")), own.toString());
        assertTrue(await(asPublished, "from myself").message().isRetained(), "Retain As Published keeps RETAIN 1");
        assertFalse(await(plain, "from myself").message().isRetained(), "a live message carries RETAIN 0 otherwise");
    }

    /** Connects at MQTT 5.0 with a will, over a socket the test then drops without DISCONNECT. */
    private Socket connectWithWill(String clientId, long willDelay, long sessionExpiry) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.mqttPort());
        Properties will = Properties.builder().add(Property.WILL_DELAY_INTERVAL, willDelay).build();
        Properties connect = Properties.builder().add(Property.SESSION_EXPIRY_INTERVAL, sessionExpiry).build();
        OutputStream out = socket.getOutputStream();
        out.write(MqttEncoder.encode(new MqttPacket.Connect(MqttPacket.PROTOCOL_NAME, MqttPacket.PROTOCOL_LEVEL_5, false,
                0, clientId, new MqttPacket.Will("wills/" + clientId, "gone".getBytes(StandardCharsets.UTF_8), 1, false, will),
                null, null, connect)));
        out.flush();
        assertNotNull(socket.getInputStream().readNBytes(2), "CONNACK");
        Await.until(clientId + " is online", () -> server.server.admin().sessions().stream()
                .anyMatch(s -> s.clientId().equals(clientId) && s.online()));
        return socket;
    }

    @Test
    void aDelayedWillGoesWhenItsDelayHasPassedAndAtOnceWhenTheSessionEndsWithTheConnection() throws Exception {
        server();
        List<Received> wills = new CopyOnWriteArrayList<>();
        MqttClient watcher = client("watcher", wills);
        watcher.subscribe(new MqttSubscription[]{new MqttSubscription("wills/#", 1)});
        MqttClient publisher = client("marker-pub", new CopyOnWriteArrayList<>());

        connectWithWill("delayed", 30, 600).close();
        Await.until("the session is offline", () -> server.server.admin().sessions().stream()
                .anyMatch(s -> s.clientId().equals("delayed") && !s.online()));
        clock.advance(Duration.ofSeconds(10));
        publisher.publish("wills/marker", message("marker", 1, false, new MqttProperties()));
        await(wills, "marker");
        Await.holdsFor("no will within its delay", Duration.ofMillis(600),
                () -> wills.stream().noneMatch(r -> r.topic().equals("wills/delayed")));
        clock.advance(Duration.ofSeconds(21));
        Await.until("the will once its delay has passed", () -> wills.stream().anyMatch(r -> r.topic().equals("wills/delayed")));

        connectWithWill("ends-with-connection", 30, 0).close();
        Await.until("the will of a session that ends with its connection, at once",
                () -> wills.stream().anyMatch(r -> r.topic().equals("wills/ends-with-connection")));
    }
}
