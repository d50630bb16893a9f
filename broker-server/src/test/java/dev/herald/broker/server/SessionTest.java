package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions: CONN, RECON, DISC, takeover, the offline queue and its TTL and cap, expiry, idle timeout. */
class SessionTest extends ServerFixture {

    @Test
    void resumesASessionWithItsSubscriptionsAndQueuedMessagesOldestFirst() throws IOException {
        start();
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("SUB WEATHER").expect("SUB_ACK WEATHER 0");
        sub.send("DISC").expect("DISC_ACK");
        sub.expectClosed();

        LineClient pub = session("pub");
        pub.send("PUB WEATHER w1").expect("PUB_ACK WEATHER 1");
        pub.send("PUB NEWS n2").expect("PUB_ACK NEWS 2");
        pub.send("PUB WEATHER w3").expect("PUB_ACK WEATHER 3");

        LineClient back = connect();
        back.send("RECON sub").expect("CONN_ACK RESUMED 3");
        assertTrue(back.next().startsWith("MSG WEATHER 1 "));
        assertTrue(back.next().startsWith("MSG NEWS 2 "));
        assertTrue(back.next().startsWith("MSG WEATHER 3 "));
        pub.send("PUB NEWS live").expect("PUB_ACK NEWS 4");
        assertTrue(back.next().startsWith("MSG NEWS 4 "), "subscriptions came back with the session");
        back.send("DISC").expect("DISC_ACK");
        LineClient again = connect();
        again.send("RECON sub").expect("CONN_ACK RESUMED 0");
    }

    @Test
    void writesTheAnnouncedQueueToAClientThatStopsSendingRightAfterRecon() throws Exception {
        start();
        assertEquals(List.of("SUB_ACK NEWS 0", "DISC_ACK"), session("sub").send("SUB NEWS\nDISC").readUntilClosed());
        publishInBackground("NEWS", 1000, 2000).get(30, java.util.concurrent.TimeUnit.SECONDS); // more than socket buffers hold
        LineClient back = connectSlowReader();
        List<String> lines;
        try (QuietLogs quiet = new QuietLogs()) { // no log line between the replay and the end of the stream
            back.send("RECON sub");
            back.socket().shutdownOutput();
            lines = back.readUntilClosed();
        }
        assertEquals("CONN_ACK RESUMED 1000", lines.getFirst());
        assertEquals(1001, lines.size(), "the 1000 messages the CONN_ACK announced follow it");
        LineClient again = connect();
        again.send("RECON sub").expect("CONN_ACK RESUMED 0");
    }

    @Test
    void deliversOnlyQueuedMessagesYoungerThanTheOfflineTtl() throws IOException {
        start();
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("DISC").expect("DISC_ACK");
        LineClient pub = session("pub");
        pub.send("PUB NEWS old").expect("PUB_ACK NEWS 1");
        clock.advance(Duration.ofSeconds(30));
        pub.send("PUB NEWS fresh").expect("PUB_ACK NEWS 2");
        clock.advance(Duration.ofSeconds(29));

        LineClient back = connect();
        back.send("RECON sub").expect("CONN_ACK RESUMED 1");
        assertTrue(back.next().endsWith(" fresh"));
        back.send("PING").expect("PONG");
    }

    @Test
    void queuesForASessionWhoseConnectionDroppedWithoutDisc() throws IOException {
        start();
        LineClient sub = session("dropper");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.close();
        Await.until("the session goes offline", () -> server.connectionCount() == 0);
        LineClient pub = session("pub");
        pub.send("PUB NEWS while away").expect("PUB_ACK NEWS 1");
        LineClient back = connect();
        back.send("RECON dropper").expect("CONN_ACK RESUMED 1");
        assertTrue(back.next().endsWith(" while away"));
    }

    @Test
    void capsTheOfflineQueueDroppingTheOldest() throws IOException {
        start(b -> b.offlineMax(2));
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("DISC").expect("DISC_ACK");
        LineClient pub = session("pub");
        for (int i = 1; i <= 5; i++) {
            pub.send("PUB NEWS m" + i).expect("PUB_ACK NEWS " + i);
        }
        LineClient back = connect();
        back.send("RECON sub").expect("CONN_ACK RESUMED 2");
        assertTrue(back.next().endsWith(" m4"));
        assertTrue(back.next().endsWith(" m5"));
    }

    @Test
    void connDiscardsTheStoredSession() throws IOException {
        start();
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("DISC").expect("DISC_ACK");
        LineClient pub = session("pub");
        pub.send("PUB NEWS queued").expect("PUB_ACK NEWS 1");

        LineClient fresh = session("sub");
        pub.send("PUB NEWS after").expect("PUB_ACK NEWS 2");
        fresh.send("PING").expect("PONG");
        fresh.send("DISC").expect("DISC_ACK");
        LineClient back = connect();
        back.send("RECON sub").expect("CONN_ACK RESUMED 0");
    }

    @Test
    void reconOfAnUnknownIdStartsANewSession() throws IOException {
        start();
        LineClient c = connect();
        c.send("RECON nobody").expect("CONN_ACK NEW 0");
        c.send("SUB NEWS").expect("SUB_ACK NEWS 0");
    }

    @Test
    void expiresOfflineSessionsAfterTheSessionExpiry() throws IOException {
        start(b -> b.sessionExpiry(Duration.ofHours(24)));
        LineClient sub = session("sleeper");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("DISC").expect("DISC_ACK");
        clock.advance(Duration.ofHours(23));
        LineClient early = connect();
        early.send("RECON sleeper").expect("CONN_ACK RESUMED 0");
        early.send("DISC").expect("DISC_ACK");
        clock.advance(Duration.ofHours(24));
        LineClient late = connect();
        late.send("RECON sleeper").expect("CONN_ACK NEW 0");
        LineClient pub = session("pub");
        pub.send("PUB NEWS nobody listens").expect("PUB_ACK NEWS 1");
        late.send("PING").expect("PONG");
    }

    @Test
    void takeOverClosesTheOldConnectionAndKeepsEveryMessage() throws IOException {
        start();
        LineClient first = session("phone");
        first.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient pub = session("pub");
        pub.send("PUB NEWS one").expect("PUB_ACK NEWS 1");
        assertTrue(first.next().endsWith(" one"));

        LineClient second = connect();
        second.send("RECON phone").expect("CONN_ACK RESUMED 0");
        first.expectError("SESSION_TAKEN_OVER");
        first.expectClosed();
        pub.send("PUB NEWS two").expect("PUB_ACK NEWS 2");
        assertTrue(second.next().endsWith(" two"));

        LineClient third = connect();
        third.send("CONN phone").expect("CONN_ACK NEW 0");
        second.expectError("SESSION_TAKEN_OVER");
        second.expectClosed();
        pub.send("PUB NEWS three").expect("PUB_ACK NEWS 3");
        third.send("PING").expect("PONG");
    }

    @Test
    void closesIdleConnectionsAndTheirSessionsCollectMessages() throws IOException {
        start(b -> b.idleTimeout(Duration.ofSeconds(120)));
        LineClient idle = session("idle");
        idle.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient pub = session("pub");
        clock.advance(Duration.ofSeconds(119));
        pub.send("PING").expect("PONG");
        clock.advance(Duration.ofSeconds(2));
        idle.expectClosed();
        pub.send("PUB NEWS missed").expectPrefix("PUB_ACK NEWS "); // the $SYS topics took ids meanwhile
        LineClient back = connect();
        back.send("RECON idle").expect("CONN_ACK RESUMED 1");
        assertTrue(back.next().endsWith(" missed"));
    }

    @Test
    void reconRacingWithPublishesLosesAndDuplicatesNothing() throws Exception {
        start(b -> b.offlineMax(100_000));
        LineClient sub = session("racer");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        int total = 3000;
        var publisher = publishInBackground("NEWS", total);
        List<Integer> received = new java.util.ArrayList<>();
        LineClient current = sub;
        for (int round = 0; round < 6 && received.size() < total; round++) {
            current.send("DISC");
            for (String line : current.readUntilClosed()) {
                if (line.startsWith("MSG ")) {
                    received.add(Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
            current = connect();
            current.send("RECON racer");
            String ack = current.expectPrefix("CONN_ACK RESUMED ");
            int n = Integer.parseInt(ack.substring("CONN_ACK RESUMED ".length()));
            for (String line : current.next(n)) {
                received.add(Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        publisher.get(30, java.util.concurrent.TimeUnit.SECONDS);
        // every message is acknowledged, so every live one was queued for us before this PONG
        current.send("PING");
        String line;
        while (!(line = current.next()).equals("PONG")) {
            received.add(Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1)));
        }
        assertEquals(total, received.size(), "every message exactly once");
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, received.get(i), "in publish order");
        }
    }
}
