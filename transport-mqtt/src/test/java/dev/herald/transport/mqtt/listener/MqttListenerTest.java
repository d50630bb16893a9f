package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.Await;
import dev.herald.testsupport.MutableClock;
import dev.herald.transport.mqtt.codec.ConnectReturnCode;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MQTT 3.1.1 on Herald, packet by packet, over a real socket. */
class MqttListenerTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private MqttServer server() {
        return track(MqttServer.start());
    }

    private RawMqttClient client(MqttServer server, String id, boolean clean) {
        return track(RawMqttClient.connected(server.mqttPort(), id, clean));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void subscribe(RawMqttClient c, int packetId, String filter, int qos) {
        Suback ack = (Suback) c.exchange(new Subscribe(packetId, List.of(new Subscription(filter, qos))));
        assertEquals(new Suback(packetId, List.of(qos)), ack);
    }

    @Test
    void connectIsAnsweredWithConnackAndANewSessionIsNotPresent() {
        MqttServer server = server();
        RawMqttClient c = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(false, ConnectReturnCode.ACCEPTED), c.exchange(new Connect("c1", false, 0)));
    }

    @Test
    void aPacketBeforeConnectClosesTheConnection() {
        MqttServer server = server();
        RawMqttClient c = track(new RawMqttClient(server.mqttPort()));
        c.send(new MqttPacket.Pingreq());
        assertTrue(c.closedByServer(), "MQTT-3.1.0-1");
    }

    @Test
    void aSecondConnectClosesTheConnection() {
        MqttServer server = server();
        RawMqttClient c = client(server, "twice", true);
        c.send(new Connect("twice", true, 0));
        assertTrue(c.closedByServer(), "MQTT-3.1.0-2");
    }

    @Test
    void anUnknownProtocolLevelIsRefusedWithReturnCode1() {
        MqttServer server = server();
        RawMqttClient c = track(new RawMqttClient(server.mqttPort()));
        c.send(new Connect("MQTT", 6, true, 0, "v6", null, null, null));
        assertEquals(new Connack(false, ConnectReturnCode.UNACCEPTABLE_PROTOCOL_VERSION), c.next());
        assertTrue(c.closedByServer());
    }

    @Test
    void anEmptyClientIdGetsOneWithACleanSessionAndReturnCode2Without() {
        MqttServer server = server();
        RawMqttClient clean = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(false, ConnectReturnCode.ACCEPTED), clean.exchange(new Connect("", true, 0)));
        RawMqttClient persistent = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(false, ConnectReturnCode.IDENTIFIER_REJECTED), persistent.exchange(new Connect("", false, 0)));
        assertTrue(persistent.closedByServer());
    }

    @Test
    void qos0And1And2MessagesArriveAtTheLowerOfPublishAndSubscriptionQos() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "sub", true);
        subscribe(sub, 1, "a/b", 1);
        RawMqttClient pub = client(server, "pub", true);

        pub.send(new Publish(false, 0, false, "a/b", 0, utf8("zero")));
        Publish p0 = (Publish) sub.next();
        assertEquals(0, p0.qos());
        assertArrayEquals(utf8("zero"), p0.payload());

        assertEquals(new Puback(5), pub.exchange(new Publish(false, 1, false, "a/b", 5, utf8("one"))));
        Publish p1 = (Publish) sub.next();
        assertEquals(1, p1.qos());
        assertFalse(p1.retain(), "a live delivery has RETAIN 0 [MQTT-3.3.1-9]");
        sub.send(new Puback(p1.packetId()));

        assertEquals(new Pubrec(6), pub.exchange(new Publish(false, 2, false, "a/b", 6, utf8("two"))));
        assertEquals(new Pubcomp(6), pub.exchange(new Pubrel(6)));
        Publish p2 = (Publish) sub.next();
        assertEquals(1, p2.qos(), "granted QoS 1 caps a QoS 2 message");
        assertArrayEquals(utf8("two"), p2.payload());
    }

    @Test
    void aResentQos2PublishIsDeliveredOnce() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "sub", true);
        subscribe(sub, 1, "once", 0);
        RawMqttClient pub = client(server, "pub", false);

        assertEquals(new Pubrec(9), pub.exchange(new Publish(false, 2, false, "once", 9, utf8("m"))));
        assertEquals(new Pubrec(9), pub.exchange(new Publish(true, 2, false, "once", 9, utf8("m"))), "PUBREC again");
        assertEquals(new Pubcomp(9), pub.exchange(new Pubrel(9)));
        pub.send(new Publish(false, 0, false, "once", 0, utf8("after")));

        assertArrayEquals(utf8("m"), ((Publish) sub.next()).payload());
        assertArrayEquals(utf8("after"), ((Publish) sub.next()).payload(), "the resent message came once");
    }

    @Test
    void binaryPayloadsArriveByteForByte() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "sub", true);
        subscribe(sub, 1, "bin", 1);
        RawMqttClient pub = client(server, "pub", true);
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        assertEquals(new Puback(1), pub.exchange(new Publish(false, 1, false, "bin", 1, payload)));
        assertArrayEquals(payload, ((Publish) sub.next()).payload());
    }

    @Test
    void aBinaryPayloadReachesALineProtocolSubscriberWhole() throws Exception {
        MqttServer server = server();
        try (java.net.Socket line = new java.net.Socket("127.0.0.1", server.linePort())) {
            line.setSoTimeout(10_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(line.getInputStream(),
                    StandardCharsets.UTF_8));
            line.getOutputStream().write("CONN line-sub\nSUB bin/x\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("CONN_ACK"));
            assertTrue(in.readLine().startsWith("SUB_ACK bin/x"));
            RawMqttClient pub = client(server, "pub", true);
            byte[] payload = {(byte) 0xFF, 'a', (byte) 0xC3, '\n', (byte) 0xC3, (byte) 0xA9};
            assertEquals(new Puback(1), pub.exchange(new Publish(false, 1, false, "bin/x", 1, payload)));
            String msg = in.readLine();
            assertTrue(msg.startsWith("MSG bin/x 1 ") && msg.endsWith(" \\xffa\\xc3\\n\u00e9"), msg);
            var parsed = (dev.herald.broker.api.wire.ServerFrame.Msg) dev.herald.broker.api.wire.ServerFrame.parse(msg);
            assertArrayEquals(payload, parsed.message().payloadBytes(), "the line protocol's codec gives the bytes back");
        }
    }

    @Test
    void wildcardsMatchAndOverlappingSubscriptionsDeliverOnceAtTheHighestQos() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "sub", true);
        Suback ack = (Suback) sub.exchange(new Subscribe(1, List.of(new Subscription("home/+/temp", 0),
                new Subscription("home/#", 1))));
        assertEquals(List.of(0, 1), ack.returnCodes());
        RawMqttClient pub = client(server, "pub", true);
        assertEquals(new Puback(2), pub.exchange(new Publish(false, 1, false, "home/kitchen/temp", 2, utf8("21"))));
        pub.send(new Publish(false, 0, false, "garden/temp", 0, utf8("not matched")));
        assertEquals(new Puback(3), pub.exchange(new Publish(false, 1, false, "home/hall", 3, utf8("door"))));

        Publish first = (Publish) sub.next();
        assertEquals("home/kitchen/temp", first.topic());
        assertEquals(1, first.qos(), "the highest QoS of the matching subscriptions");
        sub.send(new Puback(first.packetId()));
        Publish second = (Publish) sub.next();
        assertEquals("home/hall", second.topic(), "once per message, and nothing of garden/temp");
    }

    @Test
    void unsubscribeStopsDelivery() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "sub", true);
        subscribe(sub, 1, "u/1", 0);
        subscribe(sub, 2, "u/2", 0);
        assertEquals(new Unsuback(3), sub.exchange(new Unsubscribe(3, List.of("u/1"))));
        RawMqttClient pub = client(server, "pub", true);
        pub.send(new Publish(false, 0, false, "u/1", 0, utf8("gone")));
        pub.send(new Publish(false, 0, false, "u/2", 0, utf8("kept")));
        assertEquals("u/2", ((Publish) sub.next()).topic());
    }

    @Test
    void aPersistentSessionGetsWhatWasPublishedWhileAwayAndUnacknowledgedMessagesAgainWithDup() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "keeper", false);
        subscribe(sub, 1, "q", 1);
        RawMqttClient pub = client(server, "pub", true);
        assertEquals(new Puback(1), pub.exchange(new Publish(false, 1, false, "q", 1, utf8("unacked"))));
        Publish unacked = (Publish) sub.next();
        sub.close(); // without PUBACK, without DISCONNECT
        Await.until("the session is offline", () -> server.server.admin().sessions().stream()
                .anyMatch(s -> s.clientId().equals("keeper") && !s.online()));
        assertEquals(new Puback(2), pub.exchange(new Publish(false, 1, false, "q", 2, utf8("while away"))));

        RawMqttClient back = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(true, ConnectReturnCode.ACCEPTED), back.exchange(new Connect("keeper", false, 0)));
        Publish again = (Publish) back.next();
        assertTrue(again.dup(), "sent again with DUP [MQTT-4.4.0-1]");
        assertEquals(unacked.packetId(), again.packetId(), "with its packet id");
        assertArrayEquals(utf8("unacked"), again.payload());
        back.send(new Puback(again.packetId()));
        Publish away = (Publish) back.next();
        assertArrayEquals(utf8("while away"), away.payload());
        assertFalse(away.dup());
    }

    @Test
    void aCleanSessionEndsWithItsConnection() {
        MqttServer server = server();
        RawMqttClient first = client(server, "fleeting", true);
        subscribe(first, 1, "f", 1);
        first.send(new MqttPacket.Disconnect());
        assertTrue(first.closedByServer());
        RawMqttClient again = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(false, ConnectReturnCode.ACCEPTED), again.exchange(new Connect("fleeting", false, 0)),
                "no session is present after a clean session");
    }

    @Test
    void aPersistentConnectTakingOverACleanSessionStartsAFreshOne() {
        MqttServer server = server();
        RawMqttClient clean = client(server, "switcher", true);
        subscribe(clean, 1, "s", 0);
        RawMqttClient persistent = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(false, ConnectReturnCode.ACCEPTED), persistent.exchange(new Connect("switcher", false, 0)),
                "the clean session ended with its connection: nothing is present");
        assertTrue(clean.closedByServer());
        RawMqttClient pub = client(server, "pub", true);
        pub.send(new Publish(false, 0, false, "s", 0, utf8("not for the new session")));
        assertEquals(new MqttPacket.Pingresp(), persistent.exchange(new MqttPacket.Pingreq()),
                "the clean session's subscription did not carry over");
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesTheSessionOver() {
        MqttServer server = server();
        RawMqttClient first = client(server, "same", false);
        subscribe(first, 1, "t", 0);
        RawMqttClient second = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(true, ConnectReturnCode.ACCEPTED), second.exchange(new Connect("same", false, 0)));
        assertTrue(first.closedByServer(), "the old connection is closed [MQTT-3.1.4-2]");
        RawMqttClient pub = client(server, "pub", true);
        pub.send(new Publish(false, 0, false, "t", 0, utf8("to the new one")));
        assertArrayEquals(utf8("to the new one"), ((Publish) second.next()).payload());
    }

    @Test
    void theWillIsPublishedWhenTheConnectionEndsWithoutDisconnect() {
        MqttServer server = server();
        RawMqttClient watcher = client(server, "watcher", true);
        subscribe(watcher, 1, "status/#", 1);
        RawMqttClient dying = track(new RawMqttClient(server.mqttPort()));
        MqttPacket.Will will = new MqttPacket.Will("status/dying", utf8("gone"), 1, false);
        assertEquals(new Connack(false, ConnectReturnCode.ACCEPTED),
                dying.exchange(new Connect("MQTT", 4, true, 0, "dying", will, null, null)));
        RawMqttClient polite = track(new RawMqttClient(server.mqttPort()));
        MqttPacket.Will politeWill = new MqttPacket.Will("status/polite", utf8("never sent"), 1, false);
        polite.exchange(new Connect("MQTT", 4, true, 0, "polite", politeWill, null, null));
        polite.send(new MqttPacket.Disconnect());
        assertTrue(polite.closedByServer());
        dying.close();

        Publish got = (Publish) watcher.next();
        assertEquals("status/dying", got.topic(), "only the will of the connection that ended without DISCONNECT");
        assertArrayEquals(utf8("gone"), got.payload());
    }

    @Test
    void keepAliveClosesASilentConnectionAtOneAndAHalfTimes() {
        MutableClock clock = new MutableClock();
        MqttServer server = track(MqttServer.start(b -> b.clock(clock)));
        RawMqttClient c = track(new RawMqttClient(server.mqttPort()));
        c.exchange(new Connect("sleepy", true, 10));
        clock.advance(Duration.ofMillis(14_900));
        assertEquals(new MqttPacket.Pingresp(), c.exchange(new MqttPacket.Pingreq()), "still open before 15 s");
        clock.advance(Duration.ofMillis(15_000));
        assertTrue(c.closedByServer(), "closed after 1.5 times the keep alive [MQTT-3.1.2-24]");
    }

    @Test
    void aClientThatDoesNotAcknowledgeGetsAtMostTheWindowInFlight() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "slow", true);
        subscribe(sub, 1, "w", 1);
        RawMqttClient pub = client(server, "pub", true);
        int total = MqttProtocol.WINDOW + 10;
        for (int i = 1; i <= total; i++) {
            pub.send(new Publish(false, 1, false, "w", i, utf8("m" + i)));
        }
        List<Publish> got = new ArrayList<>();
        for (int i = 0; i < MqttProtocol.WINDOW; i++) {
            got.add((Publish) sub.next());
        }
        assertEquals(new MqttPacket.Pingresp(), sub.exchange(new MqttPacket.Pingreq()),
                "nothing past the window until a PUBACK");
        sub.send(new Puback(got.getFirst().packetId()));
        Publish next = (Publish) sub.next();
        assertArrayEquals(utf8("m" + (MqttProtocol.WINDOW + 1)), next.payload(), "one more once one is acknowledged");
    }

    @Test
    void aPublishToATopicTheUserMayNotUseClosesTheConnection() {
        MqttServer server = track(MqttServer.start(b -> b.topics(List.of("allowed"))));
        RawMqttClient pub = client(server, "pub", true);
        pub.send(new Publish(false, 1, false, "forbidden/topic", 1, utf8("x")));
        assertTrue(pub.closedByServer(), "no negative ack in MQTT 3.1.1: the connection is closed");
    }

    @Test
    void aSubscriptionToAFilterTheServerCannotHaveGetsReturnCode0x80() {
        MqttServer server = track(MqttServer.start(b -> b.topics(List.of("allowed"))));
        RawMqttClient sub = client(server, "sub", true);
        Suback ack = (Suback) sub.exchange(new Subscribe(4, List.of(new Subscription("other", 1),
                new Subscription("allowed", 2))));
        assertEquals(List.of(Suback.FAILURE, 2), ack.returnCodes());
    }

    @Test
    void theUsersFileDecidesWhatAUserMaySubscribeToAndPublish(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path users = dir.resolve("users.properties");
        java.nio.file.Files.writeString(users, "alice = " + dev.herald.broker.server.Passwd.hash("pw".toCharArray())
                + "\nalice.publish = sensors/#\nalice.subscribe = #, !admin/#\n");
        MqttServer server = track(MqttServer.start(b -> b.users(users)));
        RawMqttClient alice = track(new RawMqttClient(server.mqttPort()));
        assertEquals(new Connack(false, ConnectReturnCode.ACCEPTED),
                alice.exchange(new Connect("MQTT", 4, true, 0, "alice-1", null, "alice", utf8("pw"))));
        Suback ack = (Suback) alice.exchange(new Subscribe(1, List.of(new Subscription("admin/keys", 1),
                new Subscription("sensors/#", 1))));
        assertEquals(List.of(Suback.FAILURE, 1), ack.returnCodes(), "a denied filter gets 0x80, the others are granted");
        alice.send(new Publish(false, 1, false, "sensors/t", 2, utf8("ok")));
        List<MqttPacket> two = List.of(alice.next(), alice.next()); // its PUBACK and its own message, in either order
        assertTrue(two.contains(new Puback(2)), two.toString());
        assertTrue(two.stream().anyMatch(p -> p instanceof Publish m && m.topic().equals("sensors/t")), two.toString());
        alice.send(new Publish(false, 1, false, "admin/keys", 3, utf8("no")));
        assertTrue(alice.closedByServer(), "a publish the user may not make closes the connection");
    }

    @Test
    void aMalformedPacketClosesTheConnectionAndDisturbsNoOne() {
        MqttServer server = server();
        RawMqttClient sub = client(server, "sub", true);
        subscribe(sub, 1, "calm", 0);
        RawMqttClient bad = client(server, "bad", true);
        bad.sendBytes(new byte[] {(byte) 0x82, 0x02, 0x00, 0x01}); // SUBSCRIBE without a filter
        assertTrue(bad.closedByServer());
        RawMqttClient pub = client(server, "pub", true);
        pub.send(new Publish(false, 0, false, "calm", 0, utf8("still here")));
        assertInstanceOf(Publish.class, sub.next());
    }
}
