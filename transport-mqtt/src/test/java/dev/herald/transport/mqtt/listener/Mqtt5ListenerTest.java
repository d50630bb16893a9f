package dev.herald.transport.mqtt.listener;

import dev.herald.transport.mqtt.codec.MqttEncoder;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttPacket.Auth;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Pingreq;
import dev.herald.transport.mqtt.codec.MqttPacket.Pingresp;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubcomp;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrec;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrel;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsuback;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Will;
import dev.herald.transport.mqtt.codec.Properties;
import dev.herald.transport.mqtt.codec.Property;
import dev.herald.transport.mqtt.codec.ReasonCode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT 5.0 on Herald, packet by packet, over a real socket: what a client sees of the
 * negotiation in CONNECT and CONNACK, of the reason codes, of the session expiry, of the
 * flow control both ways, of Topic Aliases and Subscription Identifiers. The ids in
 * brackets are the normative statements of the MQTT 5.0 standard.
 */
class Mqtt5ListenerTest {

    @AutoClose
    private final Closer open = new Closer();

    private <T extends AutoCloseable> T track(T resource) {
        return open.track(resource);
    }

    private MqttServer server() {
        return track(MqttServer.start());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Publish p) {
        return new String(p.payload(), StandardCharsets.UTF_8);
    }

    private static Properties properties(Property property, long value) {
        return Properties.builder().add(property, value).build();
    }

    private static Connect connect5(String clientId, boolean cleanStart, Properties properties) {
        return connect5(clientId, cleanStart, null, properties);
    }

    private static Connect connect5(String clientId, boolean cleanStart, Will will, Properties properties) {
        return new Connect(MqttPacket.PROTOCOL_NAME, MqttPacket.PROTOCOL_LEVEL_5, cleanStart, 0, clientId, will,
                null, null, properties);
    }

    /** An MQTT 5.0 client, connected with Clean Start 1 and no properties. */
    private RawMqttClient client5(MqttServer server, String id) {
        return client5(server, id, true, Properties.NONE);
    }

    private RawMqttClient client5(MqttServer server, String id, boolean cleanStart, Properties properties) {
        return track(RawMqttClient.connected(server.mqttPort(), connect5(id, cleanStart, properties)));
    }

    /** A client whose CONNECT the test sends itself, reading at MQTT 5.0. */
    private RawMqttClient unconnected5(MqttServer server) {
        RawMqttClient c = track(new RawMqttClient(server.mqttPort()));
        c.protocolLevel(MqttPacket.PROTOCOL_LEVEL_5);
        return c;
    }

    private static void subscribe(RawMqttClient c, int packetId, Subscription subscription, Properties properties) {
        Suback ack = (Suback) c.exchange(new Subscribe(packetId, List.of(subscription), properties));
        assertEquals(packetId, ack.packetId());
        assertEquals(List.of(subscription.qos()), ack.returnCodes(), "granted as asked");
    }

    private static void subscribe(RawMqttClient c, int packetId, String filter, int qos) {
        subscribe(c, packetId, new Subscription(filter, qos), Properties.NONE);
    }

    /** The next packet is a DISCONNECT with this reason code, and the server closes the connection after it. */
    private static void assertDisconnected(RawMqttClient c, int reasonCode, String why) {
        Disconnect d = assertInstanceOf(Disconnect.class, c.next(), why);
        assertEquals(reasonCode, d.reasonCode(), why + ": " + d);
        assertTrue(c.closedByServer(), why + ": the connection is closed after the DISCONNECT [MQTT-4.13.1-1]");
    }

    /** The next packet is a refusing CONNACK with this reason code, and the server closes the connection after it. */
    private static void assertRefused(RawMqttClient c, int reasonCode, String why) {
        Connack ack = assertInstanceOf(Connack.class, c.next(), why);
        assertEquals(reasonCode, ack.code(), why + ": " + ack);
        assertFalse(ack.sessionPresent(), "a refusal has Session Present 0 [MQTT-3.2.2-6]");
        assertTrue(c.closedByServer(), why + ": the connection is closed after the CONNACK [MQTT-3.2.2-7]");
    }

    /** A QoS 0 PUBLISH with one property is answered with a DISCONNECT with this reason code, then the close. */
    private void assertPublishRefused(String topic, Property property, long value, int reasonCode, String why) {
        RawMqttClient c = client5(server(), "refused");
        c.send(new Publish(false, 0, false, topic, 0, utf8("x"), properties(property, value)));
        assertDisconnected(c, reasonCode, why);
    }

    /** Nothing else was sent to the client before the answer to a PINGREQ sent now. */
    private static void assertNothingMore(RawMqttClient c, String why) {
        assertEquals(new Pingresp(), c.exchange(new Pingreq()), why);
    }

    /** The next {@code count} packets, for packets whose order the standard leaves open. */
    private static List<MqttPacket> next(RawMqttClient c, int count) {
        List<MqttPacket> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            packets.add(c.next());
        }
        return packets;
    }

    private static Publish publish1(String topic, int packetId, String payload) {
        return new Publish(false, 1, false, topic, packetId, utf8(payload));
    }

    // ---- CONNECT and CONNACK ----

    @Test
    void theConnackOfAnMqtt5ConnectTellsTheServersLimits() {
        MqttServer server = track(MqttServer.start(b -> b.maxFrame(4096)));
        Connack ack = client5(server, "limits").connack();
        assertFalse(ack.sessionPresent(), "Clean Start 1 [MQTT-3.2.2-2]");
        Properties p = ack.properties();
        assertEquals(MqttProtocol.RECEIVE_MAXIMUM, p.number(Property.RECEIVE_MAXIMUM, -1), "Receive Maximum (3.2.2.3.3)");
        assertEquals(MqttProtocol.TOPIC_ALIAS_MAXIMUM, p.number(Property.TOPIC_ALIAS_MAXIMUM, -1),
                "Topic Alias Maximum (3.2.2.3.8)");
        assertEquals(4096, p.number(Property.MAXIMUM_PACKET_SIZE, -1), "Maximum Packet Size, broker.max-frame (3.2.2.3.6)");
        assertEquals(1, p.number(Property.SHARED_SUBSCRIPTION_AVAILABLE, -1), "shared subscriptions (3.2.2.3.13)");
        assertEquals(1, p.number(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, -1), "wildcard subscriptions (3.2.2.3.11)");
        assertEquals(1, p.number(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE, -1), "Subscription Identifiers (3.2.2.3.12)");
        assertFalse(p.has(Property.ASSIGNED_CLIENT_IDENTIFIER), "the client named itself");
        assertFalse(p.has(Property.SESSION_EXPIRY_INTERVAL), "the client's Session Expiry Interval is kept");
    }

    @Test
    void anEmptyClientIdIsGivenAnAssignedClientIdentifierWithCleanStart0Too() {
        MqttServer server = server();
        List<String> assigned = new ArrayList<>();
        for (boolean cleanStart : new boolean[] {true, false}) {
            Connack ack = client5(server, "", cleanStart, Properties.NONE).connack();
            String id = ack.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER);
            assertTrue(id != null && !id.isEmpty(), "Clean Start " + cleanStart + ": " + ack
                    + " [MQTT-3.1.3-6] [MQTT-3.1.3-7] [MQTT-3.2.2-16]");
            assigned.add(id);
        }
        assertNotEquals(assigned.get(0), assigned.get(1), "an id no other session has [MQTT-3.2.2-16]");
    }

    @Test
    void aSessionExpiryIntervalOverTheServersIsAnsweredWithTheServersValue() {
        MqttServer server = track(MqttServer.start(b -> b.sessionExpiry(Duration.ofSeconds(30))));
        Connack over = client5(server, "greedy", false, properties(Property.SESSION_EXPIRY_INTERVAL, 3600)).connack();
        assertEquals(30, over.properties().number(Property.SESSION_EXPIRY_INTERVAL, -1),
                "the server's broker.session-expiry, in the CONNACK (3.2.2.3.2)");
        Connack within = client5(server, "modest", false, properties(Property.SESSION_EXPIRY_INTERVAL, 10)).connack();
        assertFalse(within.properties().has(Property.SESSION_EXPIRY_INTERVAL), "the client's own value stands");
    }

    @Test
    void enhancedAuthenticationIsRefusedWithConnack0x8C() {
        MqttServer server = server();
        RawMqttClient c = unconnected5(server);
        c.send(connect5("sasl", true, Properties.builder().add(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-256").build()));
        assertRefused(c, ReasonCode.BAD_AUTHENTICATION_METHOD, "an Authentication Method the server lacks [MQTT-4.12.0-1]");
    }

    @Test
    void aMalformedMqtt5ConnectIsAnsweredWithConnack0x82ThenClosed() {
        MqttServer server = server();
        RawMqttClient c = unconnected5(server);
        c.sendBytes(new byte[] {
            0x10, 21,                               // CONNECT, remaining length
            0, 4, 'M', 'Q', 'T', 'T', 5, 0b10, 0, 0, // protocol name and level 5, Clean Start, keep alive 0
            6, 0x21, 0, 10, 0x21, 0, 10,            // Receive Maximum twice
            0, 2, 'c', '1'});                       // client id
        assertRefused(c, ReasonCode.PROTOCOL_ERROR, "a property twice is a Protocol Error (2.2.2.2) [MQTT-3.1.4-1]");
    }

    @Test
    void aMalformedPacketAfterConnectIsAnsweredWithDisconnect0x81ThenClosed() {
        MqttServer server = server();
        RawMqttClient c = client5(server, "broken");
        c.sendBytes(new byte[] {(byte) 0x82, 7, 0, 1, 0, 0, 1, 'a', (byte) 0xC1}); // SUBSCRIBE, reserved option bits set
        assertDisconnected(c, ReasonCode.MALFORMED_PACKET, "reserved bits of the subscription options [MQTT-3.8.3-5]");
    }

    @Test
    void aSecondConnectIsAnsweredWithDisconnect0x82() {
        MqttServer server = server();
        RawMqttClient c = client5(server, "twice");
        c.send(connect5("twice", true, Properties.NONE));
        assertDisconnected(c, ReasonCode.PROTOCOL_ERROR, "[MQTT-3.1.0-2]");
    }

    @Test
    void anAuthAfterAConnectWithoutAuthenticationMethodIsAnsweredWithDisconnect0x82() {
        MqttServer server = server();
        RawMqttClient c = client5(server, "auth");
        c.send(new Auth(ReasonCode.REAUTHENTICATE, Properties.builder().add(Property.AUTHENTICATION_METHOD, "PLAIN").build()));
        assertDisconnected(c, ReasonCode.PROTOCOL_ERROR, "AUTH without enhanced authentication (4.12)");
    }

    @Test
    void aPacketOverTheMaximumPacketSizeIsAnsweredWithDisconnect0x95() {
        MqttServer server = track(MqttServer.start(b -> b.maxFrame(1024)));
        RawMqttClient c = client5(server, "large");
        // the fixed header of a PUBLISH of remaining length 2000: the server refuses it from its size alone
        c.sendBytes(new byte[] {0x30, (byte) 0xD0, 0x0F});
        assertDisconnected(c, ReasonCode.PACKET_TOO_LARGE, "over the CONNACK's Maximum Packet Size [MQTT-3.2.2-15]");
    }

    @Test
    void aPublishWithASubscriptionIdentifierIsAnsweredWithDisconnect0x82() {
        assertPublishRefused("t", Property.SUBSCRIPTION_IDENTIFIER, 3, ReasonCode.PROTOCOL_ERROR, "[MQTT-3.3.4-6]");
    }

    // ---- Session Expiry Interval ----

    @Test
    void aSessionWithAnExpiryIntervalOutlivesItsConnection() {
        MqttServer server = server();
        Properties expiry60 = properties(Property.SESSION_EXPIRY_INTERVAL, 60);
        RawMqttClient first = client5(server, "keeper", false, expiry60);
        subscribe(first, 1, "orders", 1);
        first.send(new Disconnect());
        assertTrue(first.closedByServer());
        RawMqttClient pub = client5(server, "pub");
        assertEquals(new Puback(1), pub.exchange(publish1("orders", 1, "while away")));

        RawMqttClient back = client5(server, "keeper", false, expiry60);
        assertTrue(back.connack().sessionPresent(), "kept after the connection closed [MQTT-3.1.2-23] [MQTT-3.2.2-3]");
        Publish p = (Publish) back.next();
        assertEquals("while away", text(p));
        assertEquals(1, p.qos());
    }

    @Test
    void aSessionWithExpiryInterval0EndsWithItsConnection() {
        MqttServer server = server();
        RawMqttClient first = client5(server, "fleeting", false, Properties.NONE); // no Session Expiry Interval: 0
        subscribe(first, 1, "orders", 1);
        first.send(new Disconnect());
        assertTrue(first.closedByServer());
        RawMqttClient back = client5(server, "fleeting", false, Properties.NONE);
        assertFalse(back.connack().sessionPresent(), "nothing stored with Session Expiry Interval 0 [MQTT-3.1.2-23]");
    }

    @Test
    void aDisconnectMayNotGiveAnExpiryIntervalToASessionThatHadNone() {
        MqttServer server = server();
        RawMqttClient c = client5(server, "late", false, Properties.NONE);
        c.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, properties(Property.SESSION_EXPIRY_INTERVAL, 60)));
        assertDisconnected(c, ReasonCode.PROTOCOL_ERROR, "0 in the CONNECT, not 0 in the DISCONNECT (3.14.2.2.2)");
    }

    @Test
    void aDisconnectSettingTheExpiryIntervalTo0EndsTheSession() {
        MqttServer server = server();
        Properties expiry60 = properties(Property.SESSION_EXPIRY_INTERVAL, 60);
        RawMqttClient first = client5(server, "quitter", false, expiry60);
        subscribe(first, 1, "orders", 1);
        first.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, properties(Property.SESSION_EXPIRY_INTERVAL, 0)));
        assertTrue(first.closedByServer());
        RawMqttClient back = client5(server, "quitter", false, expiry60);
        assertFalse(back.connack().sessionPresent(), "the DISCONNECT's 0 ended the session [MQTT-3.1.2-23]");
    }

    // ---- publishes the server refuses ----

    @Test
    void aPublishToATopicTheServerDoesNotHaveIsRefusedWith0x90AndTheConnectionStaysOpen() {
        MqttServer server = track(MqttServer.start(b -> b.topics(List.of("allowed"))));
        RawMqttClient c = client5(server, "pub");
        Puback puback = (Puback) c.exchange(publish1("other", 1, "x"));
        assertEquals(1, puback.packetId());
        assertEquals(ReasonCode.TOPIC_NAME_INVALID, puback.reasonCode(), "PUBACK 0x90 [MQTT-3.4.2-1]");
        Pubrec pubrec = (Pubrec) c.exchange(new Publish(false, 2, false, "other", 2, utf8("x")));
        assertEquals(2, pubrec.packetId());
        assertEquals(ReasonCode.TOPIC_NAME_INVALID, pubrec.reasonCode(), "PUBREC 0x90 [MQTT-3.5.2-1]");
        assertEquals(new Puback(3), c.exchange(publish1("allowed", 3, "y")), "the connection goes on");
        assertEquals(new Pubrec(2), c.exchange(new Publish(false, 2, false, "allowed", 2, utf8("y"))),
                "a refused QoS 2 id is free for a new message [MQTT-4.3.3-9]");
    }

    // ---- Topic Aliases from the client ----

    @Test
    void aTopicAliasStandsForItsTopicInLaterPublishes() {
        MqttServer server = server();
        RawMqttClient sub = client5(server, "sub");
        subscribe(sub, 1, "sensors/t", 0);
        RawMqttClient pub = client5(server, "pub");
        Properties alias3 = properties(Property.TOPIC_ALIAS, 3);
        assertEquals(new Puback(1), pub.exchange(new Publish(false, 1, false, "sensors/t", 1, utf8("named"), alias3)));
        assertEquals(new Puback(2), pub.exchange(new Publish(false, 1, false, "", 2, utf8("aliased"), alias3)),
                "an alias up to the CONNACK's Topic Alias Maximum [MQTT-3.3.2-12]");
        for (String payload : List.of("named", "aliased")) {
            Publish p = (Publish) sub.next();
            assertEquals("sensors/t", p.topic());
            assertEquals(payload, text(p));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, MqttProtocol.TOPIC_ALIAS_MAXIMUM + 1})
    void aTopicAliasOf0OrOverTheMaximumIsAnsweredWithDisconnect0x94(int alias) {
        assertPublishRefused("t", Property.TOPIC_ALIAS, alias, ReasonCode.TOPIC_ALIAS_INVALID,
                "Topic Alias " + alias + " [MQTT-3.3.2-8] [MQTT-3.3.2-9]");
    }

    @Test
    void anEmptyTopicWithAnAliasThatStandsForNothingIsAnsweredWithDisconnect0x82() {
        assertPublishRefused("", Property.TOPIC_ALIAS, 7, ReasonCode.PROTOCOL_ERROR, "an alias never given a topic (3.3.2.3.4)");
    }

    // ---- Receive Maximum ----

    @Test
    void moreUnacknowledgedPublishesThanTheReceiveMaximumAreAnsweredWithDisconnect0x93() {
        MqttServer server = server();
        RawMqttClient c = client5(server, "flood");
        // QoS 2 publishes stay unacknowledged until their PUBREL, which the client withholds
        ByteArrayOutputStream publishes = new ByteArrayOutputStream();
        for (int id = 1; id <= MqttProtocol.RECEIVE_MAXIMUM; id++) {
            publishes.writeBytes(MqttEncoder.encode(new Publish(false, 2, false, "flood", id, utf8("m")),
                    MqttPacket.PROTOCOL_LEVEL_5));
        }
        c.sendBytes(publishes.toByteArray());
        for (int id = 1; id <= MqttProtocol.RECEIVE_MAXIMUM; id++) {
            assertEquals(new Pubrec(id), c.next(), "up to the Receive Maximum is allowed");
        }
        assertEquals(new Pubcomp(1), c.exchange(new Pubrel(1)));
        assertEquals(new Pubrec(1), c.exchange(new Publish(false, 2, false, "flood", 1, utf8("m"))),
                "a PUBREL makes room for one more");
        c.send(new Publish(false, 2, false, "flood", MqttProtocol.RECEIVE_MAXIMUM + 1, utf8("m")));
        assertDisconnected(c, ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "one past the Receive Maximum [MQTT-3.3.4-7]");
    }

    @Test
    void theServerSendsNoMoreUnacknowledgedMessagesThanTheClientsReceiveMaximum() {
        MqttServer server = server();
        RawMqttClient sub = client5(server, "slow", true, properties(Property.RECEIVE_MAXIMUM, 2));
        subscribe(sub, 1, "rm", 1);
        RawMqttClient pub = client5(server, "pub");
        for (int i = 1; i <= 4; i++) {
            pub.send(publish1("rm", i, "m" + i));
        }
        Publish first = (Publish) sub.next();
        assertEquals("m1", text(first));
        assertEquals("m2", text((Publish) sub.next()));
        assertNothingMore(sub, "no third message while two are unacknowledged [MQTT-3.3.4-9]");
        sub.send(new Puback(first.packetId()));
        assertEquals("m3", text((Publish) sub.next()), "one more once one is acknowledged");
        assertNothingMore(sub, "two unacknowledged again");
    }

    @Test
    void retainedMessagesReplayedToANewSubscriptionKeepWithinTheReceiveMaximumToo() {
        MqttServer server = server();
        RawMqttClient pub = client5(server, "retainer");
        for (int i = 1; i <= 4; i++) {
            assertEquals(new Puback(i), pub.exchange(new Publish(false, 1, true, "kept/" + i, i, utf8("r" + i))));
        }
        RawMqttClient sub = client5(server, "slow-replay", true, properties(Property.RECEIVE_MAXIMUM, 2));
        sub.send(new Subscribe(1, List.of(new Subscription("kept/#", 1))));
        assertInstanceOf(Suback.class, sub.next());
        Publish first = (Publish) sub.next();
        Publish second = (Publish) sub.next();
        assertTrue(first.retain() && second.retain(), "replayed retained messages carry RETAIN 1");
        assertNothingMore(sub, "no third replayed message while two are unacknowledged [MQTT-3.3.4-9]");
        sub.send(new Puback(first.packetId()));
        Publish third = (Publish) sub.next();
        assertTrue(third.retain(), "a message that waited for the window is still a retained one");
        assertNothingMore(sub, "two unacknowledged again");
        sub.send(new Puback(second.packetId()));
        sub.send(new Puback(third.packetId()));
        assertEquals(java.util.Set.of("r1", "r2", "r3", "r4"), java.util.Set.of(text(first), text(second), text(third),
                text((Publish) sub.next())), "every retained message, once");
    }

    // ---- the client's Maximum Packet Size ----

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSentAndASmallerOneIs() {
        MqttServer server = server();
        RawMqttClient sub = client5(server, "small", true, properties(Property.MAXIMUM_PACKET_SIZE, 64));
        subscribe(sub, 1, "mps", 1);
        RawMqttClient pub = client5(server, "pub");
        assertEquals(new Puback(1), pub.exchange(publish1("mps", 1, "x".repeat(100))));
        assertEquals(new Puback(2), pub.exchange(publish1("mps", 2, "fits")));
        Publish p = (Publish) sub.next();
        assertEquals("fits", text(p), "the large one is left out [MQTT-3.1.2-24] [MQTT-3.1.2-25]");
        sub.send(new Puback(p.packetId()));
        assertNothingMore(sub, "the large one is not sent later either");
    }

    @Test
    void aTopicAliasNeverTakesAMessageOverTheClientsMaximumPacketSize() {
        MqttServer server = server();
        byte[] payload = utf8("x".repeat(20));
        int exact = MqttEncoder.encode(new Publish(false, 0, false, "mps/alias", 0, payload), MqttPacket.PROTOCOL_LEVEL_5).length;
        RawMqttClient sub = client5(server, "tight", true, Properties.builder()
                .add(Property.MAXIMUM_PACKET_SIZE, exact).add(Property.TOPIC_ALIAS_MAXIMUM, 5).build());
        subscribe(sub, 1, "mps/alias", 0);
        RawMqttClient pub = client5(server, "pub");
        pub.send(new Publish(false, 0, false, "mps/alias", 0, payload));
        pub.send(new Publish(false, 0, false, "mps/alias", 0, utf8("s")));
        for (byte[] sent : List.of(payload, utf8("s"))) {
            Publish p = (Publish) sub.next();
            assertArrayEquals(sent, p.payload(), "a message that fits without an alias is sent");
            int size = MqttEncoder.encode(p, MqttPacket.PROTOCOL_LEVEL_5).length;
            assertTrue(size <= exact, size + " bytes, over the Maximum Packet Size of " + exact + " [MQTT-3.1.2-24]");
        }
    }

    // ---- Topic Aliases towards the client ----

    @Test
    void aClientThatAllowsTopicAliasesGetsATopicOnceThenItsAlias() {
        MqttServer server = server();
        RawMqttClient aliased = client5(server, "aliased", true, properties(Property.TOPIC_ALIAS_MAXIMUM, 5));
        RawMqttClient one = client5(server, "one", true, properties(Property.TOPIC_ALIAS_MAXIMUM, 1));
        RawMqttClient plain = client5(server, "plain");
        for (RawMqttClient c : List.of(aliased, one, plain)) {
            subscribe(c, 1, "alias/#", 0);
        }
        RawMqttClient pub = client5(server, "pub");
        List<String> topics = List.of("alias/a", "alias/a", "alias/b", "alias/a", "alias/b");
        for (String topic : topics) {
            pub.send(new Publish(topic, utf8(topic), false));
        }
        // topic name and alias each client is sent, for each message: "" for the topic an alias stands for
        List<String> toAliased = List.of("alias/a 1", " 1", "alias/b 2", " 1", " 2");
        List<String> toOne = List.of("alias/a 1", " 1", "alias/b -1", " 1", "alias/b -1");
        List<String> toPlain = List.of("alias/a -1", "alias/a -1", "alias/b -1", "alias/a -1", "alias/b -1");
        assertEquals(toAliased, received(aliased, topics), "[MQTT-3.3.2-11]");
        assertEquals(toOne, received(one, topics), "no alias past the client's Topic Alias Maximum [MQTT-3.1.2-26]");
        assertEquals(toPlain, received(plain, topics), "no alias without a Topic Alias Maximum [MQTT-3.1.2-27]");
    }

    /** The topic name and Topic Alias (-1 for none) of each message a client is sent, checking their payloads. */
    private static List<String> received(RawMqttClient c, List<String> payloads) {
        List<String> seen = new ArrayList<>();
        for (String payload : payloads) {
            Publish p = (Publish) c.next();
            assertEquals(payload, text(p));
            seen.add(p.topic() + " " + p.properties().number(Property.TOPIC_ALIAS, -1));
        }
        return seen;
    }

    // ---- Subscription Identifiers ----

    @Test
    void aDeliveryCarriesTheSubscriptionIdentifiersOfEverySubscriptionItMatches() {
        MqttServer server = server();
        RawMqttClient sub = client5(server, "sub");
        subscribe(sub, 1, new Subscription("sid/#", 1), properties(Property.SUBSCRIPTION_IDENTIFIER, 7));
        RawMqttClient pub = client5(server, "pub");
        pub.send(new Publish("sid/b", utf8("one"), false));
        assertEquals(List.of(7), ((Publish) sub.next()).properties().subscriptionIdentifiers(), "[MQTT-3.3.4-3]");

        subscribe(sub, 2, new Subscription("sid/a", 0), properties(Property.SUBSCRIPTION_IDENTIFIER, 9));
        pub.send(new Publish("sid/a", utf8("both"), false));
        Publish both = (Publish) sub.next();
        assertEquals("both", text(both));
        assertEquals(List.of(7, 9), both.properties().subscriptionIdentifiers().stream().sorted().toList(),
                "one delivery with the identifiers of both subscriptions [MQTT-3.3.4-4]");
        assertNothingMore(sub, "one copy of the message");
    }

    @Test
    void unsubackSaysForEachFilterWhetherASubscriptionExisted() {
        MqttServer server = server();
        RawMqttClient sub = client5(server, "sub");
        subscribe(sub, 1, "u/1", 0);
        Unsuback ack = (Unsuback) sub.exchange(new Unsubscribe(2, List.of("u/1", "u/2")));
        assertEquals(2, ack.packetId());
        assertEquals(List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED), ack.reasonCodes(),
                "in the order of the filters [MQTT-3.11.3-1] [MQTT-3.11.3-2]");
    }

    // ---- Retain Handling ----

    @Test
    void retainHandlingDecidesWhenRetainedMessagesAreSent() {
        MqttServer server = server();
        RawMqttClient pub = client5(server, "pub");
        assertEquals(new Puback(1), pub.exchange(new Publish(false, 1, true, "rh/t", 1, utf8("kept"))));
        RawMqttClient sub = client5(server, "sub");

        subscribe(sub, 1, new Subscription("rh/#", 0, false, false, 2), Properties.NONE);
        assertNothingMore(sub, "Retain Handling 2: never [MQTT-3.3.1-11]");
        subscribe(sub, 2, new Subscription("rh/t", 0, false, false, 1), Properties.NONE);
        Publish retained = (Publish) sub.next();
        assertEquals("kept", text(retained), "Retain Handling 1, a new subscription [MQTT-3.3.1-10]");
        assertTrue(retained.retain());
        subscribe(sub, 3, new Subscription("rh/t", 0, false, false, 1), Properties.NONE);
        assertNothingMore(sub, "Retain Handling 1, a subscription that existed [MQTT-3.3.1-10]");
        subscribe(sub, 4, new Subscription("rh/t", 0, false, false, 0), Properties.NONE);
        assertEquals("kept", text((Publish) sub.next()), "Retain Handling 0: always [MQTT-3.3.1-9] [MQTT-3.8.4-4]");
    }

    // ---- QoS 2 ----

    /**
     * A subscriber with Receive Maximum 1 and two QoS 2 messages for it. The publisher does
     * not wait for its own acknowledgements: while the subscriber's window is full, the
     * server holds the topic's publishers back.
     */
    private RawMqttClient qos2SubscriberOfTwo(MqttServer server) {
        RawMqttClient sub = client5(server, "sub", true, properties(Property.RECEIVE_MAXIMUM, 1));
        subscribe(sub, 1, "q2", 2);
        RawMqttClient pub = client5(server, "pub");
        for (int id = 1; id <= 2; id++) {
            pub.send(new Publish(false, 2, false, "q2", id, utf8("m" + id)));
        }
        return sub;
    }

    @Test
    void aQos2MessageCountsAgainstTheReceiveMaximumUntilItsPubcomp() {
        MqttServer server = server();
        RawMqttClient sub = qos2SubscriberOfTwo(server);
        Publish first = (Publish) sub.next();
        assertEquals("m1", text(first));
        assertEquals(new Pubrel(first.packetId()), sub.exchange(new Pubrec(first.packetId())), "[MQTT-4.3.3-4]");
        assertNothingMore(sub, "released but not complete: still unacknowledged [MQTT-3.3.4-9]");
        sub.send(new Pubcomp(first.packetId()));
        assertEquals("m2", text(assertInstanceOf(Publish.class, sub.next(), "the PUBCOMP makes room for the next")));
    }

    @Test
    void aPubrecWithAFailureReasonCodeEndsTheQos2Exchange() {
        MqttServer server = server();
        RawMqttClient sub = qos2SubscriberOfTwo(server);
        Publish first = (Publish) sub.next();
        assertEquals("m1", text(first));
        sub.send(new Pubrec(first.packetId(), ReasonCode.UNSPECIFIED_ERROR, Properties.NONE));
        Publish second = assertInstanceOf(Publish.class, sub.next(), "no PUBREL for a refused message [MQTT-4.3.3-4]");
        assertEquals("m2", text(second), "the refusal freed its place in the Receive Maximum [MQTT-3.3.4-9]");
        assertNothingMore(sub, "and no PUBREL later either");
    }

    @Test
    void aPubrelForAnUnknownPacketIdIsAnsweredWithPubcomp0x92() {
        MqttServer server = server();
        RawMqttClient c = client5(server, "pub");
        assertEquals(new Pubrec(5), c.exchange(new Publish(false, 2, false, "q2", 5, utf8("m"))));
        assertEquals(new Pubcomp(5), c.exchange(new Pubrel(5)), "[MQTT-4.3.3-11]");
        for (int id : new int[] {5, 42}) {
            Pubcomp pubcomp = (Pubcomp) c.exchange(new Pubrel(id));
            assertEquals(id, pubcomp.packetId());
            assertEquals(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, pubcomp.reasonCode(), "PUBREL " + id + " [MQTT-3.7.2-1]");
        }
    }

    // ---- sessions and connections ----

    @Test
    void aSecondConnectionWithTheSameClientIdSendsTheFirstDisconnect0x8E() {
        MqttServer server = server();
        RawMqttClient first = client5(server, "twin");
        RawMqttClient second = client5(server, "twin");
        assertDisconnected(first, ReasonCode.SESSION_TAKEN_OVER, "[MQTT-3.1.4-3]");
        assertNothingMore(second, "the new connection goes on");
    }

    @Test
    void mqtt311AndMqtt5ClientsOnOneServerReceiveEachOthersMessages() {
        MqttServer server = server();
        RawMqttClient v4 = track(RawMqttClient.connected(server.mqttPort(), "v4", true));
        RawMqttClient v5 = client5(server, "v5");
        subscribe(v4, 1, "mixed", 1);
        subscribe(v5, 1, "mixed", 1);
        for (RawMqttClient sender : List.of(v4, v5)) {
            String payload = sender == v4 ? "from 3.1.1" : "from 5.0";
            RawMqttClient other = sender == v4 ? v5 : v4;
            sender.send(publish1("mixed", 9, payload));
            List<MqttPacket> own = next(sender, 2); // its PUBACK and its own message, in either order
            assertTrue(own.contains(new Puback(9)), own.toString());
            Publish echoed = (Publish) own.stream().filter(Publish.class::isInstance).findFirst().orElseThrow();
            sender.send(new Puback(echoed.packetId()));
            Publish got = (Publish) other.next();
            assertEquals(payload, text(got));
            other.send(new Puback(got.packetId()));
        }
    }

    @Test
    void aDisconnectWithReason0x04SendsTheWillAndANormalDisconnectDoesNot() {
        MqttServer server = server();
        RawMqttClient watcher = client5(server, "watcher");
        subscribe(watcher, 1, "status/#", 0);
        for (String id : List.of("polite", "willing")) {
            RawMqttClient c = track(RawMqttClient.connected(server.mqttPort(), connect5(id, true,
                    new Will("status/" + id, utf8(id + " left"), 0, false), Properties.NONE)));
            c.send(id.equals("willing") ? new Disconnect(ReasonCode.DISCONNECT_WITH_WILL, Properties.NONE) : new Disconnect());
            assertTrue(c.closedByServer());
        }
        Publish will = (Publish) watcher.next();
        assertEquals("status/willing", will.topic(), "only the will of DISCONNECT 0x04 [MQTT-3.1.2-8] [MQTT-3.1.2-10]");
        assertEquals("willing left", text(will));
        assertNothingMore(watcher, "no will of the normal DISCONNECT later either");
    }
}
