package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's protocol handling, driven through in-memory pipes instead of sockets. */
class BrokerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_764_095_000_000L), ZoneOffset.UTC);
    private Broker broker;

    @BeforeEach
    void startEngine() {
        BrokerConfig config = new BrokerConfig("127.0.0.1", 0, TopicSet.DEFAULT, "memory", null, 1000,
                Duration.ofSeconds(30), 10_000, Duration.ofHours(24), Duration.ofSeconds(120), 100_000, 65_536,
                1 << 20, Duration.ofSeconds(5), 100, Duration.ZERO, -1, "127.0.0.1", null, null, null, CLOCK, Map.of());
        StoreProvider memory = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("memory")).findFirst().orElseThrow();
        broker = new Broker(config, memory.open(new StoreContext(CLOCK, 1000, 10_000, name -> null)));
    }

    @AfterEach
    void stopEngine() {
        broker.close();
    }

    private PipeConnection connect() {
        PipeConnection c = new PipeConnection();
        broker.accept(c, new dev.herald.broker.server.line.LineProtocol(broker.config().maxFrame()));
        return c;
    }

    @Test
    void answersEachRequestWithItsReply() throws IOException {
        PipeConnection c = connect();
        c.send("PING");
        assertEquals("PONG", c.next());
        c.send("CONN pipe-client");
        assertEquals("CONN_ACK NEW 0", c.next());
        c.send("SUB NEWS");
        assertEquals("SUB_ACK NEWS 0", c.next());
        c.send("PUB NEWS hello");
        assertEquals("MSG NEWS 1 1764095000000 hello", c.next());
        assertEquals("PUB_ACK NEWS 1", c.next());
        c.send("UNSUB NEWS");
        assertEquals("UNSUB_ACK NEWS", c.next());
        c.send("DISC");
        assertEquals("DISC_ACK", c.next());
        assertNull(c.next(), "closed after DISC_ACK");
    }

    @Test
    void sendsRepliesStillQueuedWhenTheClientHangsUp() throws IOException {
        PipeConnection c = connect();
        c.send("CONN half-closer");
        c.send("PUB WEATHER last words");
        c.hangUp();
        assertEquals("CONN_ACK NEW 0", c.next());
        assertEquals("PUB_ACK WEATHER 1", c.next());
        assertNull(c.next());
    }

    @Test
    void keepsMessagesForASessionWhoseConnectionEnded() throws IOException {
        PipeConnection sub = connect();
        sub.send("CONN sub");
        sub.send("SUB NEWS");
        assertEquals("CONN_ACK NEW 0", sub.next());
        assertEquals("SUB_ACK NEWS 0", sub.next());
        sub.hangUp();
        assertNull(sub.next());

        PipeConnection pub = connect();
        pub.send("CONN pub");
        pub.send("PUB NEWS kept");
        assertEquals("CONN_ACK NEW 0", pub.next());
        assertEquals("PUB_ACK NEWS 1", pub.next());

        PipeConnection back = connect();
        back.send("RECON sub");
        assertEquals("CONN_ACK RESUMED 1", back.next());
        assertTrue(back.next().endsWith(" kept"));
    }
}
