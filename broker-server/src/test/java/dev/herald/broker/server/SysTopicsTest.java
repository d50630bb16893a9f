package dev.herald.broker.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code $SYS} topics, as a client subscribed to them sees them. */
class SysTopicsTest extends ServerFixture {

    /** Reads {@code count} MSG frames; returns each topic's latest payload. */
    private static Map<String, String> values(LineClient c, int count) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : c.next(count)) {
            String[] parts = line.split(" ", 5);
            assertEquals("MSG", parts[0], line);
            values.put(parts[1], parts[4]);
        }
        return values;
    }

    @Test
    void publishesTheBrokersFiguresEveryIntervalToSubscribersOfSys() throws IOException {
        start();
        LineClient watcher = session("watcher");
        watcher.send("SUB $SYS/#").expect("SUB_ACK $SYS/# 0");
        LineClient reader = session("reader");
        reader.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        watcher.send("PUB NEWS one").expect("PUB_ACK NEWS 1");
        reader.expectPrefix("MSG NEWS 1 ");

        clock.advance(Duration.ofSeconds(10));
        Map<String, String> sys = values(watcher, 11);

        assertEquals("herald version " + HeraldServer.version(), sys.get("$SYS/broker/version"));
        assertEquals("10 seconds", sys.get("$SYS/broker/uptime"));
        assertEquals("2", sys.get("$SYS/broker/clients/connected"));
        assertEquals("0", sys.get("$SYS/broker/clients/disconnected"));
        assertEquals("2", sys.get("$SYS/broker/clients/total"));
        assertEquals("1", sys.get("$SYS/broker/messages/received"));
        assertEquals("1", sys.get("$SYS/broker/messages/sent"));
        assertEquals("0", sys.get("$SYS/broker/publish/messages/dropped"));
        assertEquals("2", sys.get("$SYS/broker/subscriptions/count"));
        assertTrue(Long.parseLong(sys.get("$SYS/broker/bytes/received")) > 0);
        assertTrue(Long.parseLong(sys.get("$SYS/broker/bytes/sent")) > 0);
    }

    @Test
    void leavesItsOwnMessagesOutOfTheFiguresAndReplaysOnlyTheLatestValue() throws IOException {
        start();
        LineClient watcher = session("watcher");
        watcher.send("SUB $SYS/broker/messages/+").expect("SUB_ACK $SYS/broker/messages/+ 0");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Map.of("$SYS/broker/messages/received", "0", "$SYS/broker/messages/sent", "0"),
                values(watcher, 2));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Map.of("$SYS/broker/messages/received", "0", "$SYS/broker/messages/sent", "0"),
                values(watcher, 2), "the $SYS messages sent are not counted");

        LineClient late = session("late");
        late.send("SUB $SYS/broker/uptime").expect("SUB_ACK $SYS/broker/uptime 0"); // nobody read it: not published
        clock.advance(Duration.ofSeconds(10));
        assertTrue(late.next().endsWith(" 30 seconds"), "published once it has a subscriber");
        LineClient later = session("later");
        later.send("SUB $SYS/broker/uptime").expect("SUB_ACK $SYS/broker/uptime 1");
        assertTrue(later.next().endsWith(" 30 seconds"), "the latest value only");
    }

    @Test
    void letsNoClientPublishToThem() throws IOException {
        start();
        session("client").send("PUB $SYS/broker/uptime 0 seconds").expectError("NOT_AUTHORIZED");
    }

    @Test
    void areNotMatchedByFiltersThatStartWithAWildcard() throws IOException {
        start(b -> b.topics(List.of("*")));
        LineClient all = session("all");
        all.send("SUB #").expect("SUB_ACK # 0");
        LineClient watcher = session("watcher");
        watcher.send("SUB $SYS/broker/uptime").expect("SUB_ACK $SYS/broker/uptime 0");
        clock.advance(Duration.ofSeconds(10));
        watcher.expectPrefix("MSG $SYS/broker/uptime ");
        watcher.send("PUB NEWS after");
        all.expectPrefix("MSG NEWS "); // nothing of $SYS came before it
    }

    @Test
    void doNotExistWhenTheIntervalIsZero() throws IOException {
        start(b -> b.sysInterval(Duration.ZERO));
        session("client").send("SUB $SYS/#").expectError("UNKNOWN_TOPIC");
    }
}
