package dev.herald.broker.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Topic filters in {@code SUB} and {@code UNSUB} (protocol v1.1): {@code +}, {@code #} and the server's {@code $} topics. */
class TopicFilterTest extends ServerFixture {

    /** The lines a client got before the PONG of a PING sent now. */
    private static List<String> until(LineClient c) throws IOException {
        c.send("PING");
        List<String> lines = new java.util.ArrayList<>();
        String line;
        while (!(line = c.next()).equals("PONG")) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> topicsAndPayloads(List<String> lines) {
        return lines.stream().map(l -> {
            String[] p = l.split(" ", 5);
            return p[1] + "=" + p[4];
        }).toList();
    }

    @Test
    void aPlusMatchesExactlyOneLevelAndMessagesCarryTheirOwnTopic() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient sub = session("sub");
        sub.send("SUB sensors/+/temp").expect("SUB_ACK sensors/+/temp 0");
        LineClient pub = session("pub");
        pub.send("PUB sensors/kitchen/temp 21").expect("PUB_ACK sensors/kitchen/temp 1");
        pub.send("PUB sensors/kitchen/humidity 40").expect("PUB_ACK sensors/kitchen/humidity 2");
        pub.send("PUB sensors/temp 5").expect("PUB_ACK sensors/temp 3");
        pub.send("PUB sensors/a/b/temp 6").expect("PUB_ACK sensors/a/b/temp 4");
        pub.send("PUB sensors/hall/temp 19").expect("PUB_ACK sensors/hall/temp 5");
        assertEquals(List.of("sensors/kitchen/temp=21", "sensors/hall/temp=19"), topicsAndPayloads(until(sub)));
    }

    @Test
    void aHashMatchesItsParentAndEveryLevelBelow() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient sub = session("sub");
        sub.send("SUB a/#").expect("SUB_ACK a/# 0");
        LineClient pub = session("pub");
        for (String topic : List.of("a", "a/b", "a/b/c", "ab", "b/a")) {
            pub.send("PUB " + topic + " x").expectPrefix("PUB_ACK " + topic + " ");
        }
        assertEquals(List.of("a=x", "a/b=x", "a/b/c=x"), topicsAndPayloads(until(sub)));
    }

    @Test
    void aSubscriptionReplaysTheMergedHistoryOfEveryMatchingTopicCutToTheRetainedBound() throws IOException {
        start(b -> b.retainedMax(3));
        LineClient pub = session("pub");
        pub.send("PUB NEWS n1").expect("PUB_ACK NEWS 1");
        pub.send("PUB WEATHER w2").expect("PUB_ACK WEATHER 2");
        pub.send("PUB NEWS n3").expect("PUB_ACK NEWS 3");
        pub.send("PUB WEATHER w4").expect("PUB_ACK WEATHER 4");
        LineClient sub = session("sub");
        sub.send("SUB #").expect("SUB_ACK # 3");
        assertEquals(List.of("WEATHER=w2", "NEWS=n3", "WEATHER=w4"), topicsAndPayloads(sub.next(3)));
    }

    @Test
    void aMessageMatchingSeveralFiltersOfOneSessionArrivesOnce() throws IOException {
        start();
        LineClient sub = session("sub");
        sub.send("SUB #").expect("SUB_ACK # 0");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("SUB +").expect("SUB_ACK + 0");
        LineClient pub = session("pub");
        pub.send("PUB NEWS once").expect("PUB_ACK NEWS 1");
        assertEquals(List.of("NEWS=once"), topicsAndPayloads(until(sub)));

        sub.send("UNSUB #").expect("UNSUB_ACK #");
        sub.send("UNSUB +").expect("UNSUB_ACK +");
        pub.send("PUB NEWS still").expect("PUB_ACK NEWS 2");
        pub.send("PUB WEATHER not").expect("PUB_ACK WEATHER 3");
        assertEquals(List.of("NEWS=still"), topicsAndPayloads(until(sub)), "the exact subscription remains");
        sub.send("UNSUB NEWS").expect("UNSUB_ACK NEWS");
        pub.send("PUB NEWS gone").expect("PUB_ACK NEWS 4");
        assertEquals(List.of(), until(sub));
    }

    @Test
    void anOfflineSessionQueuesWhatItsFiltersMatch() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient sub = session("sub");
        sub.send("SUB home/+").expect("SUB_ACK home/+ 0");
        sub.send("DISC").expect("DISC_ACK");
        LineClient pub = session("pub");
        pub.send("PUB home/door open").expect("PUB_ACK home/door 1");
        pub.send("PUB away/door shut").expect("PUB_ACK away/door 2");
        pub.send("PUB home/light on").expect("PUB_ACK home/light 3");
        LineClient back = connect();
        back.send("RECON sub").expect("CONN_ACK RESUMED 2");
        assertEquals(List.of("home/door=open", "home/light=on"), topicsAndPayloads(back.next(2)));
        pub.send("PUB home/window ajar").expect("PUB_ACK home/window 4");
        assertEquals(List.of("home/window=ajar"), topicsAndPayloads(until(back)), "a topic new since the RECON");
    }

    @Test
    void wildcardsOutOfPlaceAreMalformedAndCannotBePublishedTo() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient c = session("c");
        for (String filter : List.of("a+", "a/+b", "#a", "a/#/b", "a/b#", "++")) {
            c.send("SUB " + filter).expectError("MALFORMED");
            c.send("UNSUB " + filter).expectError("MALFORMED");
        }
        c.send("PUB a/+ x").expectError("MALFORMED");
        c.send("PUB a/# x").expectError("MALFORMED");
        c.send("PUB + x").expectError("MALFORMED");
        c.send("SUB a!b").expectError("UNKNOWN_TOPIC");
        c.send("PING").expect("PONG");
    }

    @Test
    void theServersDollarTopicsAreReadOnlyAndNotMatchedByALeadingWildcard() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient c = session("c");
        c.send("PUB $SYS/broker/uptime 1").expectError("NOT_AUTHORIZED");
        c.send("SUB $SYS/#").expect("SUB_ACK $SYS/# 0");
        c.send("SUB #").expect("SUB_ACK # 0");
        session("pub").send("PUB x/y z").expect("PUB_ACK x/y 1");
        assertEquals(List.of("x/y=z"), topicsAndPayloads(until(c)));
    }

    @Test
    void aFilterThatCanMatchNoneOfAFixedTopicSetIsAnUnknownTopic() throws IOException {
        start();
        LineClient c = session("c");
        c.send("SUB sensors/#").expectError("UNKNOWN_TOPIC");
        c.send("SUB +/x").expectError("UNKNOWN_TOPIC");
        c.send("PUB $SYS/broker/uptime 1").expectError("NOT_AUTHORIZED");
        c.send("SUB +").expect("SUB_ACK + 0");
        c.send("SUB NEWS/#").expect("SUB_ACK NEWS/# 0");
    }
}
