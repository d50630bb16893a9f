package dev.herald.broker.client;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.broker.server.HeraldServer;
import dev.herald.broker.server.Passwd;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real Herald server on a free port. */
class HeraldClientServerTest {

    private HeraldServer server;
    private final List<HeraldServer> servers = new ArrayList<>();
    private final List<HeraldClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = start(HeraldServer.builder());
    }

    @AfterEach
    void stop() {
        clients.forEach(HeraldClient::close);
        servers.forEach(HeraldServer::close);
    }

    private HeraldServer start(HeraldServer.Builder builder) throws IOException {
        HeraldServer started = builder.host("127.0.0.1").port(0).build().start();
        servers.add(started);
        return started;
    }

    private HeraldClient.Builder builder(HeraldServer target, String clientId) {
        return HeraldClient.builder().host("127.0.0.1").port(target.port()).clientId(clientId);
    }

    private HeraldClient client(HeraldClient.Builder builder) {
        HeraldClient client = builder.build();
        clients.add(client);
        return client;
    }

    private HeraldClient connected(String clientId) {
        HeraldClient client = client(builder(server, clientId));
        client.connect();
        return client;
    }

    private static List<Long> join(List<CompletableFuture<Long>> futures) throws Exception {
        List<Long> results = new ArrayList<>();
        for (CompletableFuture<Long> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    private static void assertIncreasing(List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "id " + ids.get(i) + " after " + ids.get(i - 1) + " at " + i);
        }
    }

    @Test
    void thousandsOfPipelinedPublishesAreAllAcknowledgedWithIncreasingIds() throws Exception {
        HeraldClient subscriber = connected("subscriber-1");
        Recorder news = new Recorder();
        subscriber.subscribe("NEWS", news);
        HeraldClient publisher = connected("publisher-1");

        int count = 5_000;
        List<CompletableFuture<Long>> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            acks.add(publisher.publishAsync("NEWS", "message " + i));
        }
        List<Long> ids = join(acks);

        assertIncreasing(ids);
        news.awaitCount(count);
        assertEquals(ids, news.ids());
        assertEquals("message 4999", news.messages().getLast().payload());
    }

    @Test
    void manyThreadsShareOneClient() throws Exception {
        HeraldClient publisher = connected("publisher-1");
        int threads = 8;
        int each = 200;
        List<CompletableFuture<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String topic = t % 2 == 0 ? "NEWS" : "WEATHER";
            CompletableFuture<List<Long>> result = new CompletableFuture<>();
            results.add(result);
            Thread.ofVirtual().start(() -> {
                try {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        ids.add(publisher.publish(topic, Thread.currentThread().threadId() + "/" + i));
                    }
                    result.complete(ids);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        }
        java.util.Set<Long> all = new java.util.HashSet<>();
        for (CompletableFuture<List<Long>> result : results) {
            List<Long> ids = result.get(30, TimeUnit.SECONDS);
            assertIncreasing(ids);
            all.addAll(ids);
        }
        assertEquals(threads * each, all.size(), "every publish got an id of its own");
    }

    @Test
    void pipelinedRequestsAreMatchedFirstInFirstOutWhileMessagesArriveInBetween() throws Exception {
        HeraldClient subscriber = connected("subscriber-3");
        Recorder news = new Recorder();
        Recorder weather = new Recorder();
        subscriber.subscribe("NEWS", news);
        HeraldClient publisher = connected("publisher-2");

        // the publisher's NEWS messages reach the subscriber between the replies to its own requests
        List<CompletableFuture<Long>> newsAcks = new ArrayList<>();
        List<CompletableFuture<Long>> weatherAcks = new ArrayList<>();
        List<CompletableFuture<Duration>> pongs = new ArrayList<>();
        CompletableFuture<Integer> subscribed = null;
        for (int i = 0; i < 300; i++) {
            newsAcks.add(publisher.publishAsync("NEWS", "news " + i));
            weatherAcks.add(subscriber.publishAsync("WEATHER", "weather " + i));
            pongs.add(subscriber.pingAsync());
            if (i == 150) {
                subscribed = subscriber.subscribeAsync("WEATHER", weather);
            }
        }
        CompletableFuture<Void> unsubscribed = subscriber.unsubscribeAsync("WEATHER");
        CompletableFuture<Long> last = subscriber.publishAsync("WEATHER", "after unsubscribe");

        List<Long> weatherIds = join(weatherAcks);
        assertIncreasing(weatherIds);
        for (CompletableFuture<Duration> pong : pongs) {
            assertTrue(pong.get(30, TimeUnit.SECONDS).toNanos() >= 0);
        }
        assertEquals(151, subscribed.get(30, TimeUnit.SECONDS), "SUB replays the 151 WEATHER messages stored before it");
        unsubscribed.get(30, TimeUnit.SECONDS);
        assertTrue(last.get(30, TimeUnit.SECONDS) > weatherIds.getLast());

        List<Long> newsIds = join(newsAcks);
        news.awaitCount(newsIds.size());
        assertEquals(newsIds, news.ids(), "every NEWS message, in publish order");
        // history (151) and live messages up to the UNSUB, in order, nothing after it
        assertEquals(weatherIds, weather.ids());
    }

    @Test
    void messagesCarryTheirIdAndPublishTime() {
        HeraldClient subscriber = connected("subscriber-2");
        Recorder weather = new Recorder();
        subscriber.subscribe("WEATHER", weather);
        HeraldClient publisher = connected("publisher-1");
        long before = System.currentTimeMillis();
        long id = publisher.publish("WEATHER", "Rain\nat noon \\o/");
        long after = System.currentTimeMillis();

        Message received = weather.awaitCount(1).messages().getFirst();
        assertEquals(id, received.id());
        assertEquals("WEATHER", received.topic());
        assertEquals("Rain\nat noon \\o/", received.payload());
        assertTrue(received.publishedAt() >= before && received.publishedAt() <= after,
                before + " <= " + received.publishedAt() + " <= " + after);
    }

    @Test
    void subscribeDeliversTheRetainedHistoryBeforeItReturns() {
        HeraldClient publisher = connected("publisher-1");
        long first = publisher.publish("WEATHER", "It is sunny today");
        long second = publisher.publish("WEATHER", "Clouds later");
        HeraldClient subscriber = connected("subscriber-2");
        Recorder weather = new Recorder();

        assertEquals(2, subscriber.subscribe("WEATHER", weather));
        assertEquals(List.of(first, second), weather.ids());
    }

    @Test
    void serverErrorsBecomeExceptionsCarryingTheirCode() {
        HeraldClient client = connected("publisher-1");
        ServerErrorException publish = assertThrows(ServerErrorException.class, () -> client.publish("SPORTS", "Football update"));
        assertEquals(ErrorCode.UNKNOWN_TOPIC, publish.code());
        assertTrue(publish.text().contains("SPORTS"), publish.text());
        Recorder sports = new Recorder();
        assertEquals(ErrorCode.UNKNOWN_TOPIC,
                assertThrows(ServerErrorException.class, () -> client.subscribe("SPORTS", sports)).code());
        assertEquals(ErrorCode.UNKNOWN_TOPIC,
                assertThrows(ServerErrorException.class, () -> client.unsubscribe("SPORTS")).code());
        assertTrue(client.isConnected(), "these errors keep the connection");
        assertTrue(client.publish("NEWS", "still fine") > 0);
    }

    @Test
    void authenticationAndAuthorizationErrorsHaveTheirCodes(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users.properties"),
                "alice = " + Passwd.hash("secret".toCharArray()) + "\nalice.publish = NEWS\n");
        HeraldServer secured = start(HeraldServer.builder().users(users));

        HeraldClient intruder = client(builder(secured, "intruder").credentials("alice", "wrong"));
        assertEquals(ErrorCode.BAD_CREDENTIALS, assertThrows(ServerErrorException.class, intruder::connect).code());
        assertEquals(HeraldClient.State.DISCONNECTED, intruder.state());

        HeraldClient alice = client(builder(secured, "alice-1").credentials("alice", "secret"));
        alice.connect();
        assertTrue(alice.publish("NEWS", "allowed") > 0);
        assertEquals(ErrorCode.NOT_AUTHORIZED,
                assertThrows(ServerErrorException.class, () -> alice.publish("WEATHER", "not allowed")).code());
    }

    @Test
    void aFrameOverTheServersLimitFailsWithFrameTooLargeAndEndsTheConnection() throws Exception {
        HeraldServer strict = start(HeraldServer.builder().maxFrame(64));
        HeraldClient client = client(builder(strict, "publisher-1"));
        client.connect();
        ServerErrorException e = assertThrows(ServerErrorException.class, () -> client.publish("NEWS", "x".repeat(100)));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        Await.until("the connection to end", () -> client.state() == HeraldClient.State.DISCONNECTED);
    }

    @Test
    void aSecondConnectionOfTheSameIdTakesTheSessionOver() {
        EventRecorder events = new EventRecorder();
        HeraldClient first = client(builder(server, "subscriber-1").connectionListener(events).autoReconnect(true));
        first.connect();
        HeraldClient second = client(builder(server, "subscriber-1"));
        second.resume();

        events.awaitEvent(Event.DISCONNECTED);
        assertEquals(ErrorCode.SESSION_TAKEN_OVER, events.losses.getFirst().code());
        assertEquals(HeraldClient.State.DISCONNECTED, first.state(), "no reconnect: it would take the session back");
        assertTrue(second.isConnected());
    }

    /**
     * How many publishes are still waiting when the server closes depends on the machine's
     * speed; whatever the split, none may hang, and the replies keep their order: acknowledged
     * ones first, with increasing ids, then failed ones. (The scripted server test shows
     * waiting requests failing at once deterministically.)
     */
    @Test
    void aServerClosingMidRequestLeavesNoRequestHanging() throws Exception {
        EventRecorder events = new EventRecorder();
        HeraldClient publisher = client(builder(server, "publisher-1")
                .requestTimeout(Duration.ofMinutes(5)).connectionListener(events));
        publisher.connect();
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            acks.add(publisher.publishAsync("NEWS", "message " + i));
        }
        server.close();

        long lastId = 0;
        int failed = 0;
        for (CompletableFuture<Long> ack : acks) {
            try {
                long id = ack.get(10, TimeUnit.SECONDS); // far below the 5 minute request timeout
                assertEquals(0, failed, "an acknowledgement after a failed request");
                assertTrue(id > lastId, "ids increase in publish order");
                lastId = id;
            } catch (ExecutionException e) {
                assertInstanceOf(ConnectionException.class, e.getCause());
                failed++;
            }
        }
        events.awaitEvent(Event.DISCONNECTED);
        assertEquals(HeraldClient.State.DISCONNECTED, publisher.state());
    }

    @Test
    void resumeBringsBackTheSubscriptionsAndTheMessagesQueuedMeanwhile() {
        HeraldClient subscriber = connected("subscriber-3");
        Recorder news = new Recorder();
        Recorder weather = new Recorder();
        subscriber.subscribe("NEWS", news);
        subscriber.subscribe("WEATHER", weather);
        subscriber.disconnect();
        assertEquals(HeraldClient.State.DISCONNECTED, subscriber.state());

        HeraldClient publisher = connected("publisher-1");
        long n1 = publisher.publish("NEWS", "while away 1");
        long w1 = publisher.publish("WEATHER", "while away 2");
        long n2 = publisher.publish("NEWS", "while away 3");

        assertEquals(new SessionStart(true, 3), subscriber.resume());
        assertEquals(List.of(n1, n2), news.ids(), "queued messages are delivered before resume returns");
        assertEquals(List.of(w1), weather.ids());

        long live = publisher.publish("NEWS", "live again");
        news.awaitCount(3);
        assertEquals(List.of(n1, n2, live), news.ids());
    }

    @Test
    void aNewClientObjectResumingASessionGetsTheQueuedMessagesThroughItsDefaultListener() {
        HeraldClient original = connected("subscriber-2");
        original.subscribe("WEATHER", new Recorder());
        original.disconnect();
        long id = connected("publisher-1").publish("WEATHER", "queued");

        Recorder fallback = new Recorder();
        HeraldClient successor = client(builder(server, "subscriber-2").defaultListener(fallback));
        assertEquals(new SessionStart(true, 1), successor.resume());
        assertEquals(List.of(id), fallback.ids());
    }

    @Test
    void afterARestartOnTheSamePortTheClientReconnectsAndSubscribesAgain() throws Exception {
        EventRecorder events = new EventRecorder();
        HeraldClient subscriber = client(builder(server, "subscriber-1").connectionListener(events)
                .autoReconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200))));
        subscriber.connect();
        Recorder news = new Recorder();
        subscriber.subscribe("NEWS", news);
        int port = server.port();

        server.close();
        events.awaitEvent(Event.DISCONNECTED);
        HeraldServer restarted = HeraldServer.builder().host("127.0.0.1").port(port).build().start();
        servers.add(restarted);

        // the in-memory store forgot the session: RECON answers NEW and the client subscribes again
        events.awaitEvent(Event.RESUBSCRIBED);
        assertEquals(List.of(Event.CONNECTED, Event.DISCONNECTED, Event.RECONNECTED, Event.RESUBSCRIBED),
                events.events());
        assertTrue(subscriber.isConnected());
        HeraldClient publisher = client(builder(restarted, "publisher-1"));
        publisher.connect();
        long id = publisher.publish("NEWS", "after the restart");
        news.awaitCount(1);
        assertEquals(List.of(id), news.ids());
    }

    @Test
    void disconnectAndCloseLeaveCleanly() {
        EventRecorder events = new EventRecorder();
        HeraldClient client = client(builder(server, "publisher-1").connectionListener(events));
        client.connect();
        client.disconnect();
        client.disconnect(); // nothing to do
        assertEquals(HeraldClient.State.DISCONNECTED, client.state());
        client.connect();
        client.close();
        client.close();
        events.awaitEvent(Event.CLOSED);
        assertEquals(List.of(Event.CONNECTED, Event.DISCONNECTED, Event.CONNECTED, Event.DISCONNECTED, Event.CLOSED),
                events.events());
        Await.until("the server to see no connection", () -> server.connectionCount() == 0);
    }
}
