package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.Await;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsuback;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared subscriptions ({@code $share/<group>/<filter>}, as MQTT 5.0 has them) from MQTT 3.1.1
 * clients, alone and in a group with line-protocol clients.
 */
class SharedSubscriptionTest {

    /** A member that never acknowledges is passed over here, not cut off as a slow consumer. */
    @AutoClose
    private final MqttServer server = MqttServer.start(b -> b.slowConsumerTimeout(Duration.ofHours(1)));

    /** Two members of {@code $share/g/jobs}, joined in this order (so the first takes the first turn), and a publisher. */
    private record Group(RawMqttClient first, RawMqttClient second, RawMqttClient pub) {
    }

    private Group group(boolean firstClean, int qos) {
        RawMqttClient first = server.client("first", firstClean);
        subscribe(first, "$share/g/jobs", qos);
        RawMqttClient second = server.client("second", true);
        subscribe(second, "$share/g/jobs", qos);
        return new Group(first, second, server.client("pub", true));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void subscribe(RawMqttClient c, String filter, int qos) {
        assertEquals(new Suback(1, List.of(qos)), c.exchange(new Subscribe(1, List.of(new Subscription(filter, qos)))));
    }

    /** Publishes {@code payload} to {@code jobs} at QoS 1 and awaits its PUBACK. */
    private static void publish(RawMqttClient pub, String payload, int packetId) {
        assertEquals(new Puback(packetId), pub.exchange(new Publish(false, 1, false, "jobs", packetId, utf8(payload))));
    }

    private static Publish nextPublish(RawMqttClient c, String payload) {
        Publish p = assertInstanceOf(Publish.class, c.next());
        assertArrayEquals(utf8(payload), p.payload(), () -> "got " + new String(p.payload(), StandardCharsets.UTF_8));
        return p;
    }

    /** Expects the next message, {@code payload}, and acknowledges it. */
    private static void acknowledge(RawMqttClient c, String payload) {
        c.send(new Puback(nextPublish(c, payload).packetId()));
    }

    /** Expects nothing but the PINGRESP of a PINGREQ sent now: no message was waiting. */
    private static void expectNothingWaiting(RawMqttClient c) {
        assertInstanceOf(MqttPacket.Pingresp.class, c.exchange(new MqttPacket.Pingreq()));
    }

    @ParameterizedTest(name = "ending with DISCONNECT: {0}")
    @ValueSource(booleans = {true, false})
    void whatACleanSessionMemberHadNotAcknowledgedGoesToAnotherMemberWhenItEnds(boolean disconnect) {
        Group g = group(true, 1);
        publish(g.pub(), "one", 1);
        publish(g.pub(), "two", 2);
        nextPublish(g.first(), "one"); // and never acknowledged
        acknowledge(g.second(), "two");

        if (disconnect) {
            g.first().send(new Disconnect());
        } else {
            g.first().close();
        }
        Publish handed = nextPublish(g.second(), "one");
        assertEquals(1, handed.qos());
        g.second().send(new Puback(handed.packetId()));
        publish(g.pub(), "three", 3);
        acknowledge(g.second(), "three");
    }

    @Test
    void aCleanSessionMemberTakenOverByANewConnectionOfItsIdHandsOverWhatItHadNotAcknowledged() {
        Group g = group(true, 1);
        publish(g.pub(), "one", 1);
        nextPublish(g.first(), "one");

        RawMqttClient again = server.client("first", true);
        assertTrue(g.first().closedByServer(), "taken over [MQTT-3.1.4-2]");
        nextPublish(g.second(), "one");
        expectNothingWaiting(again);
    }

    @Test
    void aPersistentMemberThatGoesAwayKeepsWhatItHadNotAcknowledgedInItsSession() {
        Group g = group(false, 1);
        publish(g.pub(), "one", 1);
        nextPublish(g.first(), "one");
        g.first().close();
        Await.until("the first member is offline",
                () -> server.server.admin().session("first").map(s -> !s.online()).orElse(false));
        publish(g.pub(), "two", 2);
        publish(g.pub(), "three", 3);
        acknowledge(g.second(), "two");
        acknowledge(g.second(), "three");
        expectNothingWaiting(g.second());

        RawMqttClient back = server.client("first", false);
        assertTrue(nextPublish(back, "one").dup(), "sent again as it was [MQTT-4.4.0-1]");
    }

    @Test
    void aMemberWhoseWindowIsFullIsPassedOverForOneWithRoom() {
        Group g = group(true, 1);
        int window = MqttProtocol.WINDOW;
        for (int i = 1; i <= 3 * window; i++) {
            publish(g.pub(), Integer.toString(i), i);
            if (i % 2 == 0 || i > 2 * window) { // turn about, until the first member's window is full
                acknowledge(g.second(), Integer.toString(i));
            }
        }
        for (int i = 1; i < 2 * window; i += 2) {
            nextPublish(g.first(), Integer.toString(i));
        }
        expectNothingWaiting(g.first());
        expectNothingWaiting(g.second());
    }

    @Test
    void anUnsubscribedMemberGetsNoMore() {
        Group g = group(true, 0);
        assertEquals(new Unsuback(2), g.first().exchange(new Unsubscribe(2, List.of("$share/g/jobs"))));
        publish(g.pub(), "one", 1);
        publish(g.pub(), "two", 2);
        nextPublish(g.second(), "one");
        nextPublish(g.second(), "two");
        expectNothingWaiting(g.first());
    }

    @Test
    void aSharedSubscriptionGetsNoRetainedMessage() {
        RawMqttClient pub = server.client("pub", true);
        assertEquals(new Puback(1), pub.exchange(new Publish(false, 1, true, "config", 1, utf8("kept"))));
        RawMqttClient member = server.client("member", true);
        subscribe(member, "$share/g/config", 1);
        expectNothingWaiting(member);
        RawMqttClient own = server.client("own", true);
        subscribe(own, "config", 1);
        assertTrue(nextPublish(own, "kept").retain(), "an own subscription gets it");
    }

    @Test
    void aMalformedShareFailsAndTheOtherSubscriptionsOfTheSubscribeStand() {
        RawMqttClient c = server.client("c", true);
        List<Subscription> asked = Stream.of("$share/+/x", "$share/g", "$share//x", "$share/g/x")
                .map(f -> new Subscription(f, 1)).toList();
        assertEquals(new Suback(7, List.of(Suback.FAILURE, Suback.FAILURE, Suback.FAILURE, 1)),
                c.exchange(new Subscribe(7, asked)));
    }

    /** A Paho client in the group {@code mixed} for NEWS, whose messages go to {@code received} as {@code id=payload}. */
    private void pahoMember(String id, Queue<String> received) throws Exception {
        MqttClient paho = new MqttClient(server.mqttUri(), id, new MemoryPersistence());
        server.closesWith(() -> {
            if (paho.isConnected()) {
                paho.disconnectForcibly(0, 1000);
            }
            paho.close(true);
        });
        paho.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(id + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        paho.connect(options);
        paho.subscribe("$share/mixed/NEWS", 1);
    }

    @Test
    void pahoClientsAndALineClientShareAGroup() throws Exception {
        Queue<String> toPaho = new ConcurrentLinkedQueue<>();
        pahoMember("paho-1", toPaho);
        pahoMember("paho-2", toPaho);
        Socket socket = server.closesWith(new Socket("127.0.0.1", server.linePort()));
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out.print("CONN line-member\nSUB $share/mixed/NEWS\n");
        out.flush();
        assertEquals("CONN_ACK NEW 0", in.readLine());
        assertEquals("SUB_ACK $share/mixed/NEWS 0", in.readLine());

        RawMqttClient pub = server.client("pub", true);
        for (int i = 1; i <= 30; i++) {
            assertEquals(new Puback(i), pub.exchange(new Publish(false, 1, false, "NEWS", i, utf8(Integer.toString(i)))));
        }
        out.print("PING\n");
        out.flush();
        List<String> toLine = new ArrayList<>();
        String line;
        while (!(line = in.readLine()).equals("PONG")) {
            toLine.add(line.split(" ", 5)[4]);
        }
        Await.until("every message reached a member", () -> toPaho.size() + toLine.size() >= 30);
        List<String> all = new ArrayList<>(toLine);
        toPaho.forEach(r -> all.add(r.substring(r.indexOf('=') + 1)));
        assertEquals(IntStream.rangeClosed(1, 30).mapToObj(Integer::toString).sorted().toList(),
                all.stream().sorted().toList(), "each message once over the members");
        assertFalse(toLine.isEmpty(), "the line client takes its turns");
        for (String id : List.of("paho-1", "paho-2")) {
            assertTrue(toPaho.stream().anyMatch(r -> r.startsWith(id + "=")), id + " takes its turns: " + toPaho);
        }
    }
}
