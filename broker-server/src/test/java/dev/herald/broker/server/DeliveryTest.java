package dev.herald.broker.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live delivery, retained history, SUB/UNSUB and topic sets. */
class DeliveryTest extends ServerFixture {

    @Test
    void deliversLiveToEveryOnlineSubscriberInPublishOrder() throws IOException {
        start();
        LineClient a = session("a");
        LineClient b = session("b");
        a.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        b.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient pub = session("pub");
        for (int i = 1; i <= 100; i++) {
            pub.send("PUB NEWS n" + i);
        }
        for (int i = 1; i <= 100; i++) {
            pub.expect("PUB_ACK NEWS " + i);
        }
        for (LineClient c : List.of(a, b)) {
            for (int i = 1; i <= 100; i++) {
                String line = c.next();
                assertTrue(line.startsWith("MSG NEWS " + i + " ") && line.endsWith(" n" + i), line);
            }
        }
    }

    @Test
    void deliversAClientsOwnPublications() throws IOException {
        start();
        LineClient c = session("echo");
        c.send("SUB WEATHER").expect("SUB_ACK WEATHER 0");
        c.send("PUB WEATHER to myself");
        List<String> lines = c.next(2);
        assertTrue(lines.contains("PUB_ACK WEATHER 1"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("MSG WEATHER 1 ") && l.endsWith(" to myself")), lines.toString());
    }

    @Test
    void replaysRetainedHistoryOldestFirstUpToTheCap() throws IOException {
        start(b -> b.retainedMax(3));
        LineClient pub = session("pub");
        for (int i = 1; i <= 5; i++) {
            pub.send("PUB NEWS h" + i).expect("PUB_ACK NEWS " + i);
        }
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 3");
        assertTrue(sub.next().endsWith(" h3"));
        assertTrue(sub.next().endsWith(" h4"));
        assertTrue(sub.next().endsWith(" h5"));
    }

    @Test
    void writesTheAnnouncedHistoryToAClientThatStopsSendingRightAfterSub() throws Exception {
        start();
        publishInBackground("NEWS", 1000, 2000).get(30, java.util.concurrent.TimeUnit.SECONDS); // more than socket buffers hold
        LineClient sub = connectSlowReader();
        sub.send("CONN reader\nSUB NEWS");
        sub.socket().shutdownOutput(); // as printf 'CONN reader\nSUB NEWS\n' | nc -N does
        List<String> lines = sub.readUntilClosed();
        assertEquals(List.of("CONN_ACK NEW 0", "SUB_ACK NEWS 1000"), lines.subList(0, 2));
        assertEquals(1002, lines.size(), "the 1000 messages the SUB_ACK announced follow it");
    }

    @Test
    void subscribingTwiceKeepsOneSubscriptionAndReplaysHistoryAgain() throws IOException {
        start();
        LineClient pub = session("pub");
        pub.send("PUB NEWS first").expect("PUB_ACK NEWS 1");
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 1");
        sub.next();
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 1");
        assertTrue(sub.next().endsWith(" first"));
        pub.send("PUB NEWS second").expect("PUB_ACK NEWS 2");
        assertTrue(sub.next().endsWith(" second"));
        sub.send("PING").expect("PONG");
    }

    @Test
    void unsubscribeStopsDeliveryAndIsNotAnErrorWhenNotSubscribed() throws IOException {
        start();
        LineClient sub = session("sub");
        sub.send("UNSUB NEWS").expect("UNSUB_ACK NEWS");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("UNSUB NEWS").expect("UNSUB_ACK NEWS");
        sub.send("UNSUB SPORTS").expectError("UNKNOWN_TOPIC");
        LineClient pub = session("pub");
        pub.send("PUB NEWS unseen").expect("PUB_ACK NEWS 1");
        sub.send("PING").expect("PONG");
    }

    @Test
    void historyAndLiveMessagesOfASubscribeNeitherOverlapNorLeaveAGap() throws Exception {
        start(b -> b.retainedMax(100_000));
        int total = 2000;
        var publisher = publishInBackground("NEWS", total);
        LineClient sub = session("sub");
        sub.send("SUB NEWS");
        String ack = sub.expectPrefix("SUB_ACK NEWS ");
        publisher.get(30, java.util.concurrent.TimeUnit.SECONDS);
        sub.send("PING");
        int expected = 1;
        String line;
        while (!(line = sub.next()).equals("PONG")) {
            assertEquals(String.valueOf(expected++), line.substring(line.lastIndexOf(' ') + 1), ack);
        }
        assertEquals(total + 1, expected);
    }

    @Test
    void acceptsAnyValidTopicWithStar() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient c = session("any");
        c.send("SUB sensors/kitchen.temp-1").expect("SUB_ACK sensors/kitchen.temp-1 0");
        c.send("PUB SPORTS goal").expect("PUB_ACK SPORTS 1");
        c.send("PUB bad!topic x").expectError("UNKNOWN_TOPIC");
        c.send("PUB bad+topic x").expectError("MALFORMED"); // a wildcard is not a topic
    }

    @Test
    void servesExactlyTheConfiguredTopics() throws IOException {
        start(b -> b.topics(List.of("A", "B")));
        LineClient c = session("listed");
        c.send("SUB A").expect("SUB_ACK A 0");
        c.send("SUB NEWS").expect("ERR UNKNOWN_TOPIC no such topic: NEWS");
    }
}
