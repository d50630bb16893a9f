package dev.herald.junit;

import dev.herald.broker.model.Message;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.testsupport.Await;
import dev.herald.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code @HeraldTest} injects, as a test class sees it. */
@HeraldTest(options = {"topics=*", "offline.ttl=30s"})
class HeraldTestParametersTest {

    private static HeraldServer serverOfTheClass;

    @BeforeAll
    static void theClassHasOneServer(HeraldServer server) {
        serverOfTheClass = server;
    }

    @Test
    void injectsTheServerItsPortAndItsAddress(HeraldServer server, @HeraldPort int port, URI uri,
                                              InetSocketAddress address) {
        assertSame(serverOfTheClass, server);
        assertTrue(port > 0);
        assertEquals(port, server.port());
        assertEquals(URI.create("herald://127.0.0.1:" + port), uri);
        assertEquals(new InetSocketAddress("127.0.0.1", port), address);
    }

    @Test
    void injectsConnectedClientsWithIdsOfTheirOwn(HeraldClient first, @ClientId("second") HeraldClient second) {
        assertTrue(first.isConnected() && second.isConnected());
        assertEquals("injectsConnectedClientsWithIdsOfTheirOwn-0", first.clientId());
        assertEquals("second", second.clientId());
        List<String> received = new CopyOnWriteArrayList<>();
        second.subscribe("any/topic", m -> received.add(m.payload()));
        first.publish("any/topic", "hello");
        Await.until("the message arrives", () -> received.contains("hello"));
    }

    @Test
    void injectsABuilderAimedAtTheServer(@ClientId("built") HeraldClient.Builder builder, @HeraldPort int port) {
        try (HeraldClient client = builder.requestTimeout(Duration.ofSeconds(3)).build()) {
            assertEquals(port, client.options().port());
            assertEquals("built", client.clientId());
            client.connect();
            assertTrue(client.isConnected());
        }
    }

    @Test
    void movesTheOfflineTtlWithTheClock(MutableClock clock, @ClientId("subscriber") HeraldClient subscriber,
                                        HeraldClient publisher) {
        List<Message> received = new CopyOnWriteArrayList<>();
        subscriber.subscribe("NEWS", received::add);
        subscriber.disconnect();
        publisher.publish("NEWS", "stale");
        clock.advance(Duration.ofSeconds(31));
        publisher.publish("NEWS", "fresh");

        assertEquals(1, subscriber.resume().queued());
        Await.until("the fresh message arrives", () -> received.size() == 1);
        assertEquals("fresh", received.getFirst().payload());
        assertEquals(clock.millis(), received.getFirst().publishedAt());
    }

    @Test
    void aClockSeenInAnotherZoneMovesWithIt(MutableClock clock) {
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertEquals(clock.instant(), paris.instant());
        assertNotEquals(clock.getZone(), paris.getZone());
    }
}
