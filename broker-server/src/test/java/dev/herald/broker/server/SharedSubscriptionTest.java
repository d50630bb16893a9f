package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared subscriptions of the line protocol: {@code SUB $share/<group>/<filter>}, each message to one member. */
class SharedSubscriptionTest extends ServerFixture {

    /** The payloads of the messages a client got before the PONG of a PING sent now. */
    private static List<String> payloads(LineClient c) throws IOException {
        c.send("PING");
        List<String> payloads = new ArrayList<>();
        String line;
        while (!(line = c.next()).equals("PONG")) {
            assertTrue(line.startsWith("MSG "), line);
            payloads.add(line.split(" ", 5)[4]);
        }
        return payloads;
    }

    private LineClient member(String clientId, String filter) throws IOException {
        LineClient c = session(clientId);
        c.send("SUB " + filter).expect("SUB_ACK " + filter + " 0");
        return c;
    }

    /** Publishes payloads {@code from} to {@code to} to a topic, one after another, each acknowledged. */
    private static void publish(LineClient pub, String topic, int from, int to) throws IOException {
        for (int i = from; i <= to; i++) {
            pub.send("PUB " + topic + " " + i).expectPrefix("PUB_ACK " + topic + " ");
        }
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }

    /** Every list's payloads, which together must be each of {@code expected} exactly once. */
    private static void assertEachOnce(List<String> expected, List<List<String>> got) {
        List<String> all = got.stream().flatMap(List::stream).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), all, "each message exactly once over the members");
    }

    @Test
    void eachMessageGoesToOneMemberOfTheGroupTakingTurns() throws IOException {
        start();
        List<LineClient> members = List.of(member("m1", "$share/workers/NEWS"), member("m2", "$share/workers/NEWS"),
                member("m3", "$share/workers/NEWS"));
        LineClient pub = session("pub");
        publish(pub, "NEWS", 1, 30);
        List<List<String>> got = new ArrayList<>();
        for (LineClient m : members) {
            got.add(payloads(m));
        }
        assertEachOnce(numbers(1, 30), got);
        for (List<String> one : got) {
            assertEquals(10, one.size(), "round robin over three members: " + got);
        }
        assertEquals(List.of("1", "4", "7"), got.getFirst().subList(0, 3), "in publish order, every third");
    }

    @Test
    void aGroupWithAWildcardFilterSharesEveryTopicItMatchesNewOnesIncluded() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient a = member("a", "$share/g/sensors/+");
        LineClient b = member("b", "$share/g/sensors/+");
        LineClient pub = session("pub");
        for (int i = 1; i <= 10; i++) {
            String topic = "sensors/s" + (i % 3);
            pub.send("PUB " + topic + " " + i).expectPrefix("PUB_ACK " + topic + " ");
        }
        pub.send("PUB other 11").expectPrefix("PUB_ACK other ");
        List<String> toA = payloads(a);
        List<String> toB = payloads(b);
        assertEachOnce(numbers(1, 10), List.of(toA, toB));
        assertFalse(toA.isEmpty() || toB.isEmpty(), "both members take messages: " + toA + " " + toB);
    }

    @Test
    void sharedAndOwnSubscribersOfATopicBothGetEachMessage() throws IOException {
        start();
        LineClient own = member("own", "NEWS");
        LineClient m1 = member("m1", "$share/g/NEWS");
        LineClient m2 = member("m2", "$share/g/NEWS");
        LineClient both = member("both", "NEWS");
        both.send("SUB $share/g/NEWS").expect("SUB_ACK $share/g/NEWS 0");
        LineClient pub = session("pub");
        publish(pub, "NEWS", 1, 9);
        assertEquals(numbers(1, 9), payloads(own));
        List<String> toBoth = payloads(both);
        List<String> fromGroup = new ArrayList<>(toBoth);
        numbers(1, 9).forEach(n -> assertTrue(fromGroup.remove(n), "its own subscription gets every message: " + toBoth));
        assertEquals(3, fromGroup.size(), "and as a member, every third: " + toBoth);
        assertEachOnce(numbers(1, 9), List.of(payloads(m1), payloads(m2), fromGroup));
    }

    @Test
    void aMemberThatUnsubscribesOrLeavesGetsNoMoreAndTheOthersGetThemAll() throws IOException {
        start(ServerFixture::longTimes);
        LineClient m1 = member("m1", "$share/g/NEWS");
        LineClient m2 = member("m2", "$share/g/NEWS");
        LineClient m3 = member("m3", "$share/g/NEWS");
        LineClient m4 = member("m4", "$share/g/NEWS");
        LineClient pub = session("pub");

        m1.send("UNSUB $share/g/NEWS").expect("UNSUB_ACK $share/g/NEWS");
        m2.send("DISC").expect("DISC_ACK");
        m3.close();
        Await.until("m3's session is offline", () -> server.admin().session("m3").map(s -> !s.online()).orElse(false));
        publish(pub, "NEWS", 1, 6);
        assertEquals(numbers(1, 6), payloads(m4), "the one member online takes every message");
        assertEquals(List.of(), payloads(m1));

        m4.send("DISC").expect("DISC_ACK");
        publish(pub, "NEWS", 7, 9);
        int queued = 0;
        List<List<String>> got = new ArrayList<>();
        for (String id : List.of("m2", "m3", "m4")) {
            LineClient back = connect();
            back.send("RECON " + id);
            int n = Integer.parseInt(back.expectPrefix("CONN_ACK RESUMED ").substring("CONN_ACK RESUMED ".length()));
            queued += n;
            got.add(back.next(n).stream().map(l -> l.split(" ", 5)[4]).toList());
        }
        assertEquals(3, queued, "with no member online, each message waits in one member's queue");
        assertEachOnce(numbers(7, 9), got);
    }

    @Test
    void theAdminViewsShowSharedSubscriptionsAndTheirMembers() throws IOException {
        start(b -> b.topics(List.of("*")));
        member("own", "jobs");
        LineClient both = member("both", "jobs");
        both.send("SUB $share/g/jobs").expect("SUB_ACK $share/g/jobs 0");
        member("m", "$share/g/jobs");
        LineClient fresh = member("fresh", "$share/g/fresh");
        var admin = server.admin();
        assertEquals(List.of("jobs", "$share/g/jobs"), admin.session("both").orElseThrow().subscriptions());
        assertEquals(3, admin.topics().stream().filter(t -> t.name().equals("jobs")).findFirst().orElseThrow().subscribers(),
                "own, both and m, each once");
        assertEquals(5, admin.overview().subscriptions());
        assertTrue(admin.topics().stream().anyMatch(t -> t.name().equals("fresh")), "a group keeps its topic");
        fresh.send("UNSUB $share/g/fresh").expect("UNSUB_ACK $share/g/fresh");
        assertFalse(admin.topics().stream().anyMatch(t -> t.name().equals("fresh")),
                "a topic nobody published to goes with its last group");
    }

    @Test
    void aSharedSubscriptionReplaysNoHistory() throws IOException {
        start();
        LineClient pub = session("pub");
        publish(pub, "NEWS", 1, 3);
        LineClient member = member("m", "$share/g/NEWS");
        LineClient own = session("own");
        own.send("SUB NEWS").expect("SUB_ACK NEWS 3");
        own.next(3);
        publish(pub, "NEWS", 4, 4);
        assertEquals(List.of("4"), payloads(member));
    }

    @Test
    void malformedSharesAreMalformedFilters() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient c = session("c");
        for (String filter : List.of("$share/", "$share//x", "$share/g", "$share/g/", "$share/+/x", "$share/#/x",
                "$share/g+/x", "$share/g#/x", "$share/g/a+", "$share/g/#/a", "$share", "$share/g/$share/h/x")) {
            c.send("SUB " + filter).expectError("MALFORMED");
            c.send("UNSUB " + filter).expectError("MALFORMED");
        }
        c.send("SUB $share/g/a!b").expectError("UNKNOWN_TOPIC");
        c.send("SUB $sharing/x").expectError("UNKNOWN_TOPIC");
        c.send("PUB $share/g/x y").expectError("NOT_AUTHORIZED");
        c.send("SUB $share/g.1-a_b/x/#").expect("SUB_ACK $share/g.1-a_b/x/# 0");
    }

    @Test
    void aFilterTheServerCannotMatchIsAnUnknownTopicShareOrNot() throws IOException {
        start();
        LineClient c = session("c");
        c.send("SUB $share/g/SPORTS").expectError("UNKNOWN_TOPIC");
        c.send("SUB $share/g/sensors/#").expectError("UNKNOWN_TOPIC");
        c.send("SUB $share/g/#").expect("SUB_ACK $share/g/# 0");
    }

    @Test
    void aMemberThatDoesNotReadIsPassedOverForOneThatDoes() throws Exception {
        start(b -> longTimes(b).slowConsumerTimeout(java.time.Duration.ofHours(1)));
        LineClient stuck = connectSlowReader();
        stuck.send("CONN stuck").expect("CONN_ACK NEW 0");
        stuck.send("SUB $share/g/NEWS").expect("SUB_ACK $share/g/NEWS 0");
        LineClient reader = member("reader", "$share/g/NEWS");
        int count = 8_000; // 16 MB: had the stuck member to take its turns, its bound and socket buffers would not hold them
        var published = publishInBackground("NEWS", count, 2000);
        Set<String> got = new HashSet<>();
        Await.until("the reader has the messages the stuck member could not take", () -> {
            try {
                while (reader.hasInput()) {
                    got.add(reader.next().split(" ")[4]);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return published.isDone();
        });
        published.get(10, TimeUnit.SECONDS);
        got.addAll(payloads(reader).stream().map(p -> p.split(" ")[0]).toList());
        List<String> stuckGot = payloads(stuck).stream().map(p -> p.split(" ")[0]).toList();
        assertTrue(got.size() > count / 2, "the member that reads takes most, not every other: " + got.size());
        Set<String> all = new HashSet<>(got);
        all.addAll(stuckGot);
        assertEquals(count, all.size());
        assertEquals(count, got.size() + stuckGot.size(), "each once");
    }
}
