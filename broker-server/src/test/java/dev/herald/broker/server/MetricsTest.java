package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters a program sees in the registry it hands the server. */
class MetricsTest extends ServerFixture {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    private double count(String name, String... tags) {
        RequiredSearch search = registry.get(name).tags(tags);
        return search.meter().measure().iterator().next().getValue();
    }

    private void awaitCount(String name, double expected, String... tags) {
        Await.until(name + " " + List.of(tags) + " = " + expected, () -> count(name, tags) == expected);
    }

    @Test
    void countsConnectionsSessionsSubscriptionsMessagesAndBytes() throws IOException {
        start(b -> b.meterRegistry(registry));
        LineClient sub = session("subscriber");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("SUB WEATHER").expect("SUB_ACK WEATHER 0");
        LineClient pub = session("publisher");
        pub.send("PUB NEWS one").expect("PUB_ACK NEWS 1");
        pub.send("PUB NEWS two").expect("PUB_ACK NEWS 2");
        pub.send("PUB WEATHER sun").expect("PUB_ACK WEATHER 3");
        sub.next(3);

        assertEquals(2, count("herald.connections.open"));
        assertEquals(2, count("herald.connections.opened"));
        assertEquals(2, count("herald.sessions", "state", "online"));
        assertEquals(0, count("herald.sessions", "state", "offline"));
        assertEquals(2, count("herald.subscriptions"));
        assertEquals(2, count("herald.messages.published", "topic", "NEWS"));
        assertEquals(1, count("herald.messages.published", "topic", "WEATHER"));
        assertEquals(2, count("herald.messages.delivered", "topic", "NEWS"));
        assertEquals(3, registry.get("herald.store.append").timer().count(), 1.5,
                "one or more appends, each timed");
        assertTrue(count("herald.bytes.received") >= "CONN subscriber\nSUB NEWS\nPUB NEWS one\n".length());
        awaitCount("herald.bytes.sent", count("herald.bytes.sent")); // settles once written
        assertTrue(count("herald.bytes.sent") > 0);

        sub.send("DISC").expect("DISC_ACK");
        pub.send("PUB NEWS three").expect("PUB_ACK NEWS 4");
        awaitCount("herald.connections.open", 1);
        assertEquals(1, count("herald.sessions", "state", "offline"));
        assertEquals(1, count("herald.messages.queued", "topic", "NEWS"));
        awaitCount("herald.offline.queue.depth", 1);
        assertEquals(1, count("herald.offline.queue.depth.max"));

        LineClient back = session("other");
        back.send("SUB NEWS").expect("SUB_ACK NEWS 3");
        back.next(3);
        awaitCount("herald.messages.replayed", 3);
    }

    @Test
    void countsDroppedAndExpiredOfflineMessages() throws IOException {
        start(b -> b.meterRegistry(registry).offlineMax(1).offlineTtl(Duration.ofSeconds(30)));
        LineClient sub = session("subscriber");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("DISC").expect("DISC_ACK");
        LineClient pub = session("publisher");
        pub.send("PUB NEWS one").expect("PUB_ACK NEWS 1");
        pub.send("PUB NEWS two").expect("PUB_ACK NEWS 2");
        pub.send("PUB NEWS three").expect("PUB_ACK NEWS 3");

        assertEquals(2, count("herald.offline.dropped"));
        clock.advance(Duration.ofSeconds(31));
        awaitCount("herald.offline.expired", 1); // by the sweeper, every few seconds
        awaitCount("herald.offline.queue.depth", 0);
    }

    @Test
    void countsFailedLoginsAndRefusedConnections() throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "alice = " + hash("wonderland") + "\n");
        start(b -> b.meterRegistry(registry).users(users).maxConnections(1));
        LineClient wrong = connect();
        wrong.send("CONN a alice nope").expectError("BAD_CREDENTIALS");
        wrong.expectClosed();
        awaitCount("herald.connections.open", 0);
        assertEquals(1, count("herald.logins.failed"));

        LineClient alice = connect();
        alice.send("CONN a alice wonderland").expect("CONN_ACK NEW 0");
        connect().expectError("SERVER_BUSY");
        assertEquals(1, count("herald.connections.refused"));
    }

    @Test
    void countsSlowConsumerCutOffs() throws Exception {
        start(b -> b.meterRegistry(registry).slowConsumerTimeout(Duration.ZERO).outboundBuffer(1024));
        stuckSubscriber();
        LineClient pub = session("publisher");
        String payload = "x".repeat(2000);
        for (int i = 1; i <= 8_000 && count("herald.slow.consumer.cutoffs") == 0; i++) {
            pub.send("PUB NEWS " + payload).expect("PUB_ACK NEWS " + i);
        }

        assertEquals(1, count("herald.slow.consumer.cutoffs"));
    }

    @Test
    void countsThePublishersWaitsForASubscriberThatDoesNotRead() throws Exception {
        start(b -> b.meterRegistry(registry).outboundBuffer(1024)); // the clock stands still: no cut-off
        LineClient stuck = stuckSubscriber();
        LineClient pub = session("publisher");
        String frame = "PUB NEWS " + "x".repeat(2000) + "\n";
        var publishing = Await.inBackground(() -> {
            for (int i = 0; i < 8_000; i++) {
                pub.sendRaw(frame.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            return null;
        });

        Await.until("a wait for the stuck subscriber", () -> count("herald.flow.control.waits") >= 1);
        stuck.close(); // its session goes offline and the publisher goes on
        publishing.get();
    }

    @Test
    void givesTheFirstTopicsSeriesOfTheirOwnAndSumsTheRest() throws IOException {
        start(b -> b.meterRegistry(registry).topics(List.of("*")).metricsTopics(1));
        LineClient pub = session("publisher");
        pub.send("PUB a x").expect("PUB_ACK a 1");
        pub.send("PUB b x").expect("PUB_ACK b 2");
        pub.send("PUB c x").expect("PUB_ACK c 3");

        assertEquals(1, count("herald.messages.published", "topic", "a"));
        assertEquals(2, count("herald.messages.published", "topic", "_other"));
        assertTrue(registry.find("herald.messages.published").tag("topic", "b").meters().isEmpty());
    }

    @Test
    void takesItsMetersOutOfTheRegistryWhenItStops() throws IOException {
        start(b -> b.meterRegistry(registry));
        assertTrue(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("herald.")));
        server.close();
        assertEquals(List.of(), registry.getMeters().stream().map(m -> m.getId().getName())
                .filter(n -> n.startsWith("herald.")).toList());
    }
}
