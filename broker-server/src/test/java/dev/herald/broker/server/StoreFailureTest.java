package dev.herald.broker.server;

import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.broker.api.spi.SubscriptionStore;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store that fails: nothing is acknowledged or delivered that was not stored, and the broker recovers. */
class StoreFailureTest extends ServerFixture {

    /**
     * The memory store, with the operations named in {@link #failing} failing, and appends
     * that wait while {@link #appendGate} is closed.
     */
    static final class FlakyStoreProvider implements StoreProvider {
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch appendGate = new CountDownLatch(0);
        /** The topic whose appends wait for the gate, or null for all. */
        volatile String gatedTopic;
        volatile boolean down;

        private void check(String operation) {
            if (down || failing.contains(operation)) {
                throw new StoreException("cannot reach the database (" + operation + ")");
            }
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Store open(StoreContext context) {
            Store memory = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals("memory")).findFirst().orElseThrow().open(context);
            MessageStore messages = flaky(MessageStore.class, memory.messages());
            SubscriptionStore sessions = flaky(SubscriptionStore.class, memory.subscriptions());
            return new Store() {
                @Override
                public MessageStore messages() {
                    return messages;
                }

                @Override
                public SubscriptionStore subscriptions() {
                    return sessions;
                }

                @Override
                public boolean durable() {
                    return false;
                }

                @Override
                public boolean ready() {
                    check("ready");
                    return memory.ready();
                }

                @Override
                public void close() {
                    memory.close();
                }
            };
        }

        /**
         * {@code real}, with each call that changes or reads state failing when its method is
         * named in {@link #failing}, and {@code append} waiting for the gate first.
         */
        private <T> T flaky(Class<T> type, T real) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                String name = method.getName();
                if (name.equals("append")) {
                    String gated = gatedTopic;
                    List<?> batch = (List<?>) args[0];
                    if (gated == null || ((Publication) batch.getFirst()).topic().equals(gated)) {
                        appendGate.await();
                    }
                }
                if (!UNCHECKED.contains(name)) {
                    check(name);
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));
        }
    }

    /** Calls that never fail: the sweeper's and the start's reads, and the figures. */
    private static final Set<String> UNCHECKED = Set.of("topics", "purgeExpired", "droppedOfflineMessages",
            "queueDepths", "find", "all", "expired", "equals", "hashCode", "toString");

    private final FlakyStoreProvider store = new FlakyStoreProvider();

    @Test
    void theBrokerIsReadyOnlyWhileTheStoreAnswers() throws IOException {
        start(b -> b.store(store));
        assertTrue(server.admin().ready());
        store.down = true;
        assertFalse(server.admin().ready());
        store.down = false;
        assertTrue(server.admin().ready());
    }

    /** Publishes NEWS 1..count from a session of its own, waiting for every ack. */
    private void publish(int from, int to) throws IOException {
        try (LineClient pub = LineClient.session(server.port(), "pub-" + from)) {
            for (int i = from; i <= to; i++) {
                pub.send("PUB NEWS " + i);
            }
            for (int i = from; i <= to; i++) {
                pub.expectPrefix("PUB_ACK NEWS ");
            }
        }
    }

    /** A session subscribed to NEWS that goes offline with DISC. */
    private void offlineSubscriber(String clientId) throws IOException {
        LineClient sub = session(clientId);
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("DISC").expect("DISC_ACK");
    }

    /** Payloads of the {@code MSG} lines, as numbers. */
    private static List<Integer> payloads(List<String> lines) {
        List<Integer> numbers = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("MSG ")) {
                numbers.add(Integer.parseInt(line.split(" ", 5)[4]));
            }
        }
        return numbers;
    }

    @ParameterizedTest
    @ValueSource(strings = {"markOnline", "drainQueue"})
    void aReconWhoseStoreFailsLeavesTheQueueWhereItWas(String step) throws IOException {
        start(b -> b.store(store));
        offlineSubscriber("sub");
        publish(1, 3);

        store.failing.add(step);
        LineClient back = connect();
        back.send("RECON sub").expectError("STORE_UNAVAILABLE");
        publish(4, 5); // the session is still offline: these are queued too

        store.failing.clear();
        back.send("RECON sub").expect("CONN_ACK RESUMED 5");
        assertEquals(List.of(1, 2, 3, 4, 5), payloads(back.next(5)));
    }

    @Test
    void aTakeOverWhoseStoreFailsChangesNothingAndTheNextLosesNothing() throws Exception {
        start(b -> b.store(store).slowConsumerTimeout(Duration.ofHours(1)));
        LineClient first = connectSlowReader();
        first.send("CONN sub").expect("CONN_ACK NEW 0");
        first.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        int total = 8_000; // 16 MB: the first connection, which does not read, holds some back unwritten
        String pad = " " + "z".repeat(2000);
        var publishing = Await.inBackground(() -> {
            try (LineClient pub = LineClient.session(server.port(), "pub")) {
                var acks = Await.inBackground(() -> {
                    for (int i = 1; i <= total; i++) {
                        pub.expectPrefix("PUB_ACK NEWS ");
                    }
                    return null;
                });
                for (int i = 1; i <= total; i++) {
                    pub.send("PUB NEWS " + i + pad);
                }
                acks.get(60, TimeUnit.SECONDS);
            }
            return null;
        });

        store.failing.add("drainQueue");
        LineClient second = connect();
        second.send("RECON sub").expectError("STORE_UNAVAILABLE");
        assertFalse(publishing.isDone(), "the first connection still holds the session, and the publisher");

        store.failing.clear();
        second.send("RECON sub");
        second.expectPrefix("CONN_ACK RESUMED ");
        List<String> lines = new ArrayList<>();
        var reading = Await.inBackground(() -> { // replayed, then live, until the PONG asked for below
            String line;
            while (!(line = second.next()).equals("PONG")) {
                lines.add(line);
            }
            return null;
        });
        publishing.get(60, TimeUnit.SECONDS);
        second.send("PING");
        reading.get(60, TimeUnit.SECONDS);
        List<Integer> got = new ArrayList<>();
        for (String l : first.readUntilClosed()) {
            if (l.startsWith("MSG ")) {
                got.add(Integer.parseInt(l.split(" ", 5)[4].split(" ")[0]));
            } else {
                assertTrue(l.startsWith("ERR SESSION_TAKEN_OVER "), l);
            }
        }
        for (String l : lines) {
            got.add(Integer.parseInt(l.split(" ", 5)[4].split(" ")[0]));
        }
        assertEquals(total, got.size(), "what the first connection wrote and the second got is every message once");
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, got.get(i));
        }
    }

    @Test
    void messagesTheStoreCannotQueueForASessionGoingOfflineFollowItsNextRecon() throws Exception {
        start(b -> longTimes(b.store(store)));
        LineClient stuck = stuckSubscriber();
        store.failing.add("enqueue");
        int total = 8_000;
        String pad = " " + "z".repeat(2000);
        var publishing = Await.inBackground(() -> {
            try (LineClient pub = LineClient.session(server.port(), "pub")) {
                var acks = Await.inBackground(() -> {
                    for (int i = 1; i <= total; i++) {
                        pub.expectPrefix("PUB_ACK NEWS ");
                    }
                    return null;
                });
                for (int i = 1; i <= total; i++) {
                    pub.send("PUB NEWS " + i + pad);
                }
                acks.get(60, TimeUnit.SECONDS);
            }
            return null;
        });
        Await.holdsFor("the stuck subscriber holds the publisher back", Duration.ofMillis(200), () -> !publishing.isDone());
        advanceUntil("the stuck subscriber is cut off while the store cannot queue", publishing::isDone);
        publishing.get(60, TimeUnit.SECONDS);
        store.failing.clear();

        List<Integer> got = new ArrayList<>();
        for (String l : stuck.readUntilClosed()) {
            if (l.startsWith("MSG ")) {
                got.add(Integer.parseInt(l.split(" ", 5)[4].split(" ")[0]));
            }
        }
        LineClient back = connect();
        back.send("RECON stuck");
        int queued = Integer.parseInt(back.expectPrefix("CONN_ACK RESUMED ").split(" ")[2]);
        for (String l : back.next(queued)) {
            got.add(Integer.parseInt(l.split(" ", 5)[4].split(" ")[0]));
        }
        assertEquals(total, got.size(), "written plus replayed is every message once");
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, got.get(i));
        }
    }

    @Test
    void aFailureTellsTheClientAnIncidentNameButNothingOfTheServersInsides() throws IOException {
        start(b -> b.store(store));
        LineClient c = session("c");
        store.failing.add("history");
        String error = c.send("SUB NEWS").expectError("STORE_UNAVAILABLE");
        assertTrue(error.matches("ERR STORE_UNAVAILABLE .*incident [0-9a-f]{12}.*"), error);
        assertFalse(error.contains("database") || error.contains("Exception"), error);
        store.failing.clear();
        c.send("SUB NEWS").expect("SUB_ACK NEWS 0"); // nothing was changed: the SUB works now
    }

    @Test
    void anAppendThatDoesNotReturnHoldsUpNoOtherTopicAndNoOtherClient() throws Exception {
        start(b -> b.store(store));
        LineClient away = session("away");
        away.send("SUB WEATHER").expect("SUB_ACK WEATHER 0");
        away.send("DISC").expect("DISC_ACK");
        store.gatedTopic = "NEWS";
        store.appendGate = new CountDownLatch(1);
        LineClient stalled = session("stalled");
        stalled.send("PUB NEWS waits"); // its append does not return until the gate opens

        LineClient other = session("other"); // CONN, SUB, PUB, RECON and DISC go on meanwhile
        other.send("SUB WEATHER").expect("SUB_ACK WEATHER 0");
        session("weather").send("PUB WEATHER sunny").expect("PUB_ACK WEATHER 1");
        assertTrue(other.next().endsWith(" sunny"));
        LineClient back = connect();
        back.send("RECON away").expect("CONN_ACK RESUMED 1");
        back.next();
        back.send("DISC").expect("DISC_ACK");

        store.appendGate.countDown();
        stalled.expectPrefix("PUB_ACK NEWS ");
    }

    @Test
    void aStoreThatDoesNotAnswerStopsThePublishersReaderInsteadOfFillingTheHeap() throws Exception {
        start(b -> b.store(store));
        store.appendGate = new CountDownLatch(1);
        int total = 32_000; // 64 MB: far more than the unstored bound and the socket buffers
        String pad = " " + "w".repeat(2000);
        FlowControlTest.Pipeliner pub = new FlowControlTest.Pipeliner(server.port(), "pub");
        toClose(pub);
        pub.start(total, i -> "PUB NEWS " + i + pad);
        Await.holdsFor("the publisher cannot write it all while nothing is stored", Duration.ofSeconds(1),
                () -> !pub.written());
        assertEquals(0, pub.acked.get());
        store.appendGate.countDown();
        pub.awaitDone();
        assertEquals(total, pub.acked.get());
    }

    @Test
    void answersStoreUnavailableDeliversNothingAndRecoversByItself() throws IOException {
        start(b -> b.store(store));
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient pub = session("pub");

        store.down = true;
        pub.send("PUB NEWS lost").expectError("STORE_UNAVAILABLE");
        pub.send("PING").expect("PONG");
        sub.send("PING").expect("PONG"); // nothing was delivered before this PONG

        store.down = false;
        pub.send("PUB NEWS kept").expect("PUB_ACK NEWS 1");
        assertTrue(sub.next().endsWith(" kept"));
        LineClient late = session("late");
        late.send("SUB NEWS").expect("SUB_ACK NEWS 1");
    }
}
