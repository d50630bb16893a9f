package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.Await;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Herald's MQTT 5.0 with Eclipse Paho's MQTT 5.0 client, a client Herald did not write, over
 * real sockets. The ids in brackets are the normative statements of the MQTT 5.0 standard.
 */
class Paho5ClientTest {

    /** How long a Paho action may take, in ms. */
    private static final long WAIT = 10_000;

    @AutoClose
    private final Closer open = new Closer();

    /** A connected Paho MQTT 5.0 client with the messages it received and how it was disconnected. */
    private final class Client implements AutoCloseable {
        final MqttAsyncClient paho;
        final IMqttToken connected;
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        volatile MqttDisconnectResponse disconnected;

        Client(MqttServer server, String id, MqttConnectionOptions options) throws MqttException {
            paho = new MqttAsyncClient(server.mqttUri(), id, new MemoryPersistence());
            paho.setCallback(new Paho5Callback((topic, message) -> received.add(new Received(topic, message)),
                    response -> disconnected = response));
            open.track(this);
            connected = paho.connect(options);
            connected.waitForCompletion(WAIT);
        }

        Received next() throws InterruptedException {
            Received r = received.poll(WAIT, TimeUnit.MILLISECONDS);
            assertNotNull(r, "no message within " + WAIT + " ms");
            return r;
        }

        IMqttToken subscribe(MqttSubscription subscription, MqttProperties properties) throws MqttException {
            IMqttToken token = paho.subscribe(new MqttSubscription[] {subscription}, null, null, properties);
            token.waitForCompletion(WAIT);
            return token;
        }

        IMqttToken subscribe(String filter, int qos) throws MqttException {
            return subscribe(new MqttSubscription(filter, qos), new MqttProperties());
        }

        IMqttToken publish(String topic, String payload, int qos, boolean retain) throws MqttException {
            IMqttToken token = paho.publish(topic, utf8(payload), qos, retain);
            token.waitForCompletion(WAIT);
            return token;
        }

        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) {
                paho.disconnectForcibly(0, 1000, false);
            }
            paho.close(true);
        }
    }

    private record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MqttConnectionOptions options(boolean cleanStart) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setAutomaticReconnect(false);
        return o;
    }

    /** Options with Clean Start 1 and {@code settings}. */
    private static MqttConnectionOptions options(Consumer<MqttConnectionOptions> settings) {
        MqttConnectionOptions o = options(true);
        settings.accept(o);
        return o;
    }

    private MqttServer server() {
        return open.track(MqttServer.start());
    }

    /** A client subscribed to {@code filter} at QoS 1. */
    private Client subscriber(MqttServer server, String id, MqttConnectionOptions options, String filter)
            throws MqttException {
        Client c = new Client(server, id, options);
        c.subscribe(filter, 1);
        return c;
    }

    @Test
    void theConnackTellsPahoTheServersLimits() throws Exception {
        MqttServer server = open.track(MqttServer.start(b -> b.maxFrame(4096)));
        Client c = new Client(server, "paho-limits", options(true));
        MqttProperties p = c.connected.getResponseProperties();
        assertEquals(MqttProtocol.RECEIVE_MAXIMUM, p.getReceiveMaximum());
        assertEquals(MqttProtocol.TOPIC_ALIAS_MAXIMUM, p.getTopicAliasMaximum());
        assertEquals(4096L, p.getMaximumPacketSize());
        assertTrue(p.isSharedSubscriptionAvailable());
        assertTrue(p.isWildcardSubscriptionsAvailable());
        assertFalse(c.connected.getSessionPresent(), "[MQTT-3.2.2-2]");
    }

    @Test
    void pahoWithoutAClientIdIsAssignedOne() throws Exception {
        MqttServer server = server();
        Client c = new Client(server, "", options(true));
        String assigned = c.connected.getResponseProperties().getAssignedClientIdentifier();
        assertTrue(assigned != null && !assigned.isEmpty(), "[MQTT-3.2.2-16]");
    }

    @Test
    void messagesGoBetweenPahoClientsAtEveryQos() throws Exception {
        MqttServer server = server();
        Client sub = new Client(server, "paho-sub", options(true));
        sub.subscribe("sensors/#", 2);
        Client pub = new Client(server, "paho-pub", options(true));
        for (int qos = 0; qos <= 2; qos++) {
            pub.publish("sensors/qos" + qos, "at " + qos, qos, false);
        }
        for (int qos = 0; qos <= 2; qos++) {
            Received r = sub.next();
            assertEquals("sensors/qos" + qos, r.topic());
            assertEquals("at " + qos, r.text());
            assertEquals(qos, r.message().getQos());
        }
    }

    @Test
    void aSessionWithAnExpiryIntervalKeepsWhatWasPublishedWhilePahoWasAway() throws Exception {
        MqttServer server = server();
        MqttConnectionOptions persistent = options(false);
        persistent.setSessionExpiryInterval(60L);
        Client sub = subscriber(server, "paho-durable", persistent, "orders");
        sub.paho.disconnect().waitForCompletion(WAIT);
        Client pub = new Client(server, "paho-pub", options(true));
        for (int i = 1; i <= 3; i++) {
            pub.publish("orders", "order " + i, 1, false);
        }
        Client back = new Client(server, "paho-durable", persistent);
        assertTrue(back.connected.getSessionPresent(), "[MQTT-3.1.2-23] [MQTT-3.2.2-3]");
        for (int i = 1; i <= 3; i++) {
            assertEquals("order " + i, back.next().text());
        }
    }

    /**
     * At QoS 1 only: Paho 1.2.5 takes a PUBREC with a failure reason code for a broken
     * connection instead of the end of the exchange, which the raw client's test covers.
     */
    @Test
    void aQos1PublishToATopicTheServerDoesNotHaveIsRefusedWith0x90AndPahoStaysConnected() throws Exception {
        MqttServer server = open.track(MqttServer.start(b -> b.topics(List.of("allowed"))));
        Client pub = new Client(server, "paho-pub", options(true));
        IMqttToken refused = pub.publish("other", "x", 1, false);
        assertArrayEquals(new int[] {0x90}, refused.getReasonCodes(), "Topic Name invalid [MQTT-3.4.2-1]");
        assertTrue(pub.paho.isConnected(), "a refused publish leaves the connection open");
        assertArrayEquals(new int[] {0}, pub.publish("allowed", "fine", 1, false).getReasonCodes());
    }

    /**
     * Each new topic comes named beside the Topic Alias that stands for it from then on, up to
     * the client's Topic Alias Maximum. Only new topics: Paho 1.2.5 maps an alias to the empty
     * topic name of the PUBLISH packets that use it, and hands those messages on with an empty
     * topic, which the raw client's test covers.
     */
    @Test
    void pahoWithATopicAliasMaximumGetsTheNameOfEachNewTopic() throws Exception {
        MqttServer server = server();
        Client sub = subscriber(server, "paho-aliases", options(o -> o.setTopicAliasMaximum(2)), "alias/#");
        Client pub = new Client(server, "paho-pub", options(true));
        List<String> topics = List.of("alias/a", "alias/b", "alias/c", "alias/d");
        for (String topic : topics) {
            pub.publish(topic, topic, 1, false);
        }
        for (String topic : topics) {
            Received r = sub.next();
            assertEquals(topic, r.topic(), "aliases 1 and 2, then none past the maximum [MQTT-3.3.2-11]");
            assertEquals(topic, r.text());
        }
        assertTrue(sub.paho.isConnected(), "Paho accepted every alias it was sent");
    }

    @Test
    void pahoReceivesTheSubscriptionIdentifiersOfTheSubscriptionsAMessageMatches() throws Exception {
        MqttServer server = server();
        Client sub = new Client(server, "paho-sid", options(true));
        MqttProperties seven = new MqttProperties();
        seven.setSubscriptionIdentifier(7);
        sub.subscribe(new MqttSubscription("sid/#", 1), seven);
        MqttProperties nine = new MqttProperties();
        nine.setSubscriptionIdentifier(9);
        sub.subscribe(new MqttSubscription("sid/a", 1), nine);
        Client pub = new Client(server, "paho-pub", options(true));
        pub.publish("sid/b", "one", 1, false);
        pub.publish("sid/a", "both", 1, false);
        assertEquals(List.of(7), sub.next().message().getProperties().getSubscriptionIdentifiers(), "[MQTT-3.3.4-3]");
        Received both = sub.next();
        assertEquals("both", both.text());
        assertEquals(List.of(7, 9), both.message().getProperties().getSubscriptionIdentifiers().stream().sorted().toList(),
                "[MQTT-3.3.4-4]");
    }

    @Test
    void retainHandling2SendsPahoNoRetainedMessageAnd0Does() throws Exception {
        MqttServer server = server();
        Client pub = new Client(server, "paho-pub", options(true));
        pub.publish("config/mode", "eco", 1, true);
        Client sub = new Client(server, "paho-sub", options(true));
        MqttSubscription never = new MqttSubscription("config/+", 1);
        never.setRetainHandling(2);
        sub.subscribe(never, new MqttProperties());
        pub.publish("config/live", "live", 1, false);
        assertEquals("live", sub.next().text(), "no retained message first [MQTT-3.3.1-11]");
        sub.subscribe(new MqttSubscription("config/mode", 1), new MqttProperties());
        Received retained = sub.next();
        assertEquals("eco", retained.text(), "[MQTT-3.3.1-9]");
        assertTrue(retained.message().isRetained());
    }

    @Test
    void aSecondPahoWithTheSameClientIdTakesOverAndTheFirstIsToldWhy() throws Exception {
        MqttServer server = server();
        Client first = new Client(server, "paho-twin", options(true));
        Client second = new Client(server, "paho-twin", options(true));
        Await.until("the first client is disconnected", () -> first.disconnected != null);
        assertEquals(0x8E, first.disconnected.getReturnCode(), "Session taken over [MQTT-3.1.4-3]");
        assertTrue(second.paho.isConnected());
    }

    @Test
    void enhancedAuthenticationIsRefusedWithReasonCode0x8C() throws Exception {
        MqttServer server = server();
        MqttConnectionOptions sasl = options(o -> o.setAuthMethod("SCRAM-SHA-256"));
        MqttException refused = assertThrows(MqttException.class, () -> new Client(server, "paho-sasl", sasl));
        assertEquals(0x8C, refused.getReasonCode(), "[MQTT-4.12.0-1]");
    }

    @Test
    void aDisconnectWithReason0x04SendsTheWillAndANormalOneDoesNot() throws Exception {
        MqttServer server = server();
        Client watcher = subscriber(server, "paho-watcher", options(true), "clients/+/state");
        for (String id : List.of("polite", "willing")) {
            Client device = new Client(server, "paho-" + id, options(o -> o.setWill("clients/" + id + "/state",
                    new MqttMessage(utf8(id + " offline"), 1, false, new MqttProperties()))));
            int reason = id.equals("willing") ? 0x04 : 0x00;
            device.paho.disconnect(WAIT, null, null, reason, new MqttProperties()).waitForCompletion(WAIT);
        }
        Received will = watcher.next();
        assertEquals("clients/willing/state", will.topic(), "only after DISCONNECT 0x04 [MQTT-3.1.2-8] [MQTT-3.1.2-10]");
        assertEquals("willing offline", will.text());
    }

    @Test
    void pahoClientsOfMqtt311And5ReceiveEachOthersMessages() throws Exception {
        MqttServer server = server();
        Client v5 = subscriber(server, "paho-v5", options(true), "mixed");
        BlockingQueue<String> toV4 = new LinkedBlockingQueue<>();
        org.eclipse.paho.client.mqttv3.MqttClient v4 = new org.eclipse.paho.client.mqttv3.MqttClient(server.mqttUri(),
                "paho-v4", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        open.track(() -> {
            if (v4.isConnected()) {
                v4.disconnectForcibly(0, 1000);
            }
            v4.close(true);
        });
        org.eclipse.paho.client.mqttv3.MqttConnectOptions v4Options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        v4Options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        v4.connect(v4Options);
        v4.subscribe("mixed", 1, (topic, message) -> toV4.add(new String(message.getPayload(), StandardCharsets.UTF_8)));

        v4.publish("mixed", utf8("from 3.1.1"), 1, false);
        v5.publish("mixed", "from 5.0", 1, false);
        List<String> atV5 = List.of(v5.next().text(), v5.next().text());
        assertEquals(List.of("from 3.1.1", "from 5.0"), atV5.stream().sorted().toList());
        List<String> atV4 = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            atV4.add(toV4.poll(WAIT, TimeUnit.MILLISECONDS));
        }
        assertEquals(List.of("from 3.1.1", "from 5.0"), atV4.stream().sorted().toList());
    }

    @Test
    void theServerKeepsWithinPahosReceiveMaximum() throws Exception {
        MqttServer server = server();
        Client sub = subscriber(server, "paho-slow", options(o -> o.setReceiveMaximum(2)), "rm");
        sub.paho.setManualAcks(true);
        Client pub = new Client(server, "paho-pub", options(true));
        for (int i = 1; i <= 3; i++) {
            pub.paho.publish("rm", utf8("m" + i), 1, false);
        }
        Received first = sub.next();
        assertEquals("m1", first.text());
        assertEquals("m2", sub.next().text());
        Await.holdsFor("no third message while two are unacknowledged [MQTT-3.3.4-9]", Duration.ofMillis(300),
                sub.received::isEmpty);
        sub.paho.messageArrivedComplete(first.message().getId(), 1);
        assertEquals("m3", sub.next().text(), "one more once one is acknowledged");
    }
}
