package dev.herald.broker.client;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.broker.client.ScriptedServer.Peer;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a scripted fake server, which can answer in any order, send anything,
 * and drop the connection mid-request.
 */
class HeraldClientScriptedTest {

    private ScriptedServer server;
    private final List<HeraldClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close(); // first: a connected client's close() would wait for a DISC_ACK nobody sends
        clients.forEach(HeraldClient::close);
    }

    private HeraldClient.Builder builder(String clientId) {
        return HeraldClient.builder().host("127.0.0.1").port(server.port()).clientId(clientId);
    }

    private HeraldClient client(HeraldClient.Builder builder) {
        HeraldClient client = builder.build();
        clients.add(client);
        return client;
    }

    /** A connected client and the server's side of its connection. */
    private record Connected(HeraldClient client, Peer peer) {
    }

    private Connected connect(HeraldClient.Builder builder) throws Exception {
        HeraldClient client = client(builder);
        CompletableFuture<SessionStart> start = CompletableFuture.supplyAsync(client::connect);
        Peer peer = server.nextSession(client.clientId());
        assertEquals(new SessionStart(false, 0), start.get(5, TimeUnit.SECONDS));
        return new Connected(client, peer);
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the request neither completed nor failed within 5 s");
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void connectSendsConnWithCredentialsAndReportsANewSession() throws Exception {
        HeraldClient client = client(builder("publisher-1").credentials("alice", "s3cret"));
        CompletableFuture<SessionStart> start = CompletableFuture.supplyAsync(client::connect);
        Peer peer = server.nextPeer();
        peer.expect("CONN publisher-1 alice s3cret");
        peer.send("CONN_ACK NEW 0");

        assertEquals(new SessionStart(false, 0), start.get(5, TimeUnit.SECONDS));
        assertEquals(HeraldClient.State.CONNECTED, client.state());
    }

    @Test
    void pipelinedRepliesAreMatchedInOrderWithMessagesInBetween() throws Exception {
        Connected c = connect(builder("subscriber-1"));
        Recorder news = new Recorder();

        CompletableFuture<Integer> sub = c.client().subscribeAsync("NEWS", news);
        CompletableFuture<Long> pub1 = c.client().publishAsync("NEWS", "first");
        CompletableFuture<Duration> ping = c.client().pingAsync();
        CompletableFuture<Long> pub2 = c.client().publishAsync("WEATHER", "sunny");
        CompletableFuture<Void> unsub = c.client().unsubscribeAsync("NEWS");

        c.peer().expect("SUB NEWS");
        c.peer().expect("PUB NEWS first");
        c.peer().expect("PING");
        c.peer().expect("PUB WEATHER sunny");
        c.peer().expect("UNSUB NEWS");
        c.peer().send("SUB_ACK NEWS 1",
                "MSG NEWS 1 1764095000000 retained",
                "MSG NEWS 7 1764095000100 live between replies",
                "PUB_ACK NEWS 8",
                "MSG NEWS 8 1764095000200 first",
                "PONG",
                "MSG NEWS 9 1764095000300 another",
                "PUB_ACK WEATHER 10",
                "UNSUB_ACK NEWS");

        assertEquals(1, sub.get(5, TimeUnit.SECONDS));
        assertEquals(8L, pub1.get(5, TimeUnit.SECONDS));
        assertFalse(ping.get(5, TimeUnit.SECONDS).isNegative());
        assertEquals(10L, pub2.get(5, TimeUnit.SECONDS));
        unsub.get(5, TimeUnit.SECONDS);
        // unsubscribe completes after the messages read before its reply were delivered
        assertEquals(List.of(
                new Message(1, "NEWS", 1764095000000L, "retained"),
                new Message(7, "NEWS", 1764095000100L, "live between replies"),
                new Message(8, "NEWS", 1764095000200L, "first"),
                new Message(9, "NEWS", 1764095000300L, "another")), news.messages());
        assertEquals(List.of(), c.client().subscribedTopics());
    }

    @Test
    void subscribeReturnsAfterTheAnnouncedHistoryWasDelivered() throws Exception {
        Connected c = connect(builder("subscriber-2"));
        Recorder weather = new Recorder();
        CompletableFuture<Integer> sub = CompletableFuture.supplyAsync(() -> c.client().subscribe("WEATHER", weather));
        c.peer().expect("SUB WEATHER");
        c.peer().send("SUB_ACK WEATHER 2");
        c.peer().send("MSG WEATHER 1 1764095000000 It is sunny today");
        c.peer().send("MSG WEATHER 2 1764095010000 Rain\\nat noon");

        assertEquals(2, sub.get(5, TimeUnit.SECONDS));
        // no waiting: both were handed to the listener before subscribe returned
        assertEquals(List.of("It is sunny today", "Rain\nat noon"), weather.payloads());
        assertEquals(List.of(1764095000000L, 1764095010000L),
                weather.messages().stream().map(Message::publishedAt).toList());
    }

    @Test
    void payloadsAreEscapedOnTheWire() throws Exception {
        Connected c = connect(builder("publisher-1"));
        CompletableFuture<Long> pub = c.client().publishAsync("NEWS", " two\nlines \\ and\r ");
        c.peer().expect("PUB NEWS  two\\nlines \\\\ and\\r ");
        c.peer().send("PUB_ACK NEWS 1");
        assertEquals(1L, pub.get(5, TimeUnit.SECONDS));

        CompletableFuture<Long> empty = c.client().publishAsync("NEWS", "");
        c.peer().expect("PUB NEWS");
        c.peer().send("PUB_ACK NEWS 2");
        assertEquals(2L, empty.get(5, TimeUnit.SECONDS));
    }

    @Test
    void anErrFailsOnlyItsOwnRequestWithATypedException() throws Exception {
        Connected c = connect(builder("publisher-1"));
        CompletableFuture<Long> before = c.client().publishAsync("NEWS", "a");
        CompletableFuture<Long> sports = c.client().publishAsync("SPORTS", "Football update");
        CompletableFuture<Long> after = c.client().publishAsync("NEWS", "b");
        c.peer().expect("PUB NEWS a");
        c.peer().expect("PUB SPORTS Football update");
        c.peer().expect("PUB NEWS b");
        c.peer().send("PUB_ACK NEWS 1", "ERR UNKNOWN_TOPIC no such topic: SPORTS", "PUB_ACK NEWS 2");

        assertEquals(1L, before.get(5, TimeUnit.SECONDS));
        ServerErrorException error = assertInstanceOf(ServerErrorException.class, failureOf(sports));
        assertEquals(ErrorCode.UNKNOWN_TOPIC, error.code());
        assertEquals("no such topic: SPORTS", error.text());
        assertEquals(2L, after.get(5, TimeUnit.SECONDS));
        assertTrue(c.client().isConnected());
    }

    @Test
    void blockingCallsThrowTheServersErrorWithTheCallersStack() throws Exception {
        Connected c = connect(builder("subscriber-1"));
        Recorder sports = new Recorder();
        CompletableFuture<ServerErrorException> thrown = CompletableFuture.supplyAsync(
                () -> assertThrows(ServerErrorException.class, () -> c.client().subscribe("SPORTS", sports)));
        c.peer().expect("SUB SPORTS");
        c.peer().send("ERR NOT_AUTHORIZED user bob may not subscribe to SPORTS");

        ServerErrorException error = thrown.get(5, TimeUnit.SECONDS);
        assertEquals(ErrorCode.NOT_AUTHORIZED, error.code());
        assertTrue(List.of(error.getStackTrace()).stream()
                        .anyMatch(frame -> frame.getMethodName().contains("subscribe")),
                "the stack shows the caller");
        assertEquals(List.of(), c.client().subscribedTopics(), "a refused subscription keeps no listener");
    }

    @Test
    void aServerDyingMidRequestFailsEveryWaitingRequestAtOnce() throws Exception {
        EventRecorder events = new EventRecorder();
        Connected c = connect(builder("publisher-1").requestTimeout(Duration.ofMinutes(5)).connectionListener(events));
        List<CompletableFuture<?>> waiting = List.of(
                c.client().publishAsync("NEWS", "one"),
                c.client().subscribeAsync("WEATHER", new Recorder()),
                c.client().pingAsync());
        c.peer().expect("PUB NEWS one");
        c.peer().expect("SUB WEATHER");
        c.peer().expect("PING");
        c.peer().close();

        for (CompletableFuture<?> request : waiting) {
            assertInstanceOf(ConnectionException.class, failureOf(request));
        }
        events.awaitEvent(Event.DISCONNECTED);
        assertEquals(HeraldClient.State.DISCONNECTED, c.client().state());
        assertInstanceOf(ConnectionException.class, events.losses.getFirst());
        assertThrows(ConnectionException.class, () -> c.client().publish("NEWS", "too late"));
    }

    @Test
    void aClosingErrFailsEveryWaitingRequestWithItsCodeAndIsNotRetried() throws Exception {
        EventRecorder events = new EventRecorder();
        Connected c = connect(builder("subscriber-1").autoReconnect(true).connectionListener(events));
        CompletableFuture<Long> first = c.client().publishAsync("NEWS", "one");
        CompletableFuture<Long> second = c.client().publishAsync("NEWS", "two");
        c.peer().expect("PUB NEWS one");
        c.peer().expect("PUB NEWS two");
        c.peer().send("ERR SESSION_TAKEN_OVER session subscriber-1 was taken over by another connection");

        assertEquals(ErrorCode.SESSION_TAKEN_OVER, assertInstanceOf(ServerErrorException.class, failureOf(first)).code());
        assertEquals(ErrorCode.SESSION_TAKEN_OVER, assertInstanceOf(ServerErrorException.class, failureOf(second)).code());
        events.awaitEvent(Event.DISCONNECTED);
        assertEquals(ErrorCode.SESSION_TAKEN_OVER, events.losses.getFirst().code());
        assertEquals(HeraldClient.State.DISCONNECTED, c.client().state(), "another connection owns the session now");
    }

    @Test
    void aRequestWithoutReplyTimesOutAndALateReplyIsStillMatched() throws Exception {
        Connected c = connect(builder("publisher-1").requestTimeout(Duration.ofMillis(200)));
        RequestTimeoutException timeout = assertThrows(RequestTimeoutException.class,
                () -> c.client().publish("NEWS", "slow"));
        assertTrue(timeout.getMessage().contains("PUB NEWS"), timeout.getMessage());
        assertNull(timeout.code());

        c.peer().expect("PUB NEWS slow");
        CompletableFuture<Long> next = c.client().publishAsync("NEWS", "next");
        c.peer().expect("PUB NEWS next");
        c.peer().send("PUB_ACK NEWS 1", "PUB_ACK NEWS 2");
        assertEquals(2L, next.get(5, TimeUnit.SECONDS));
        assertTrue(c.client().isConnected());
    }

    @Test
    void resumeDeliversQueuedMessagesBeforeItReturns() throws Exception {
        Recorder fallback = new Recorder();
        HeraldClient client = client(builder("subscriber-2").defaultListener(fallback));
        CompletableFuture<SessionStart> start = CompletableFuture.supplyAsync(client::resume);
        Peer peer = server.nextPeer();
        peer.expect("RECON subscriber-2");
        peer.send("CONN_ACK RESUMED 2",
                "MSG WEATHER 2 1764095010000 Rain\\nat noon",
                "MSG WEATHER 3 1764095012000 Clear");

        assertEquals(new SessionStart(true, 2), start.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(2L, 3L), fallback.ids());
        assertEquals(List.of("Rain\nat noon", "Clear"), fallback.payloads());
    }

    @Test
    void resumeAnsweredNewSubscribesTheListenersTopicsAgain() throws Exception {
        Connected c = connect(builder("subscriber-3"));
        Recorder news = new Recorder();
        Recorder weather = new Recorder();
        CompletableFuture<Integer> subNews = c.client().subscribeAsync("NEWS", news);
        CompletableFuture<Integer> subWeather = c.client().subscribeAsync("WEATHER", weather);
        c.peer().expect("SUB NEWS");
        c.peer().expect("SUB WEATHER");
        c.peer().send("SUB_ACK NEWS 0", "SUB_ACK WEATHER 0");
        subNews.get(5, TimeUnit.SECONDS);
        subWeather.get(5, TimeUnit.SECONDS);

        CompletableFuture<Void> disc = CompletableFuture.runAsync(c.client()::disconnect);
        c.peer().expect("DISC");
        c.peer().send("DISC_ACK");
        disc.get(5, TimeUnit.SECONDS);
        assertEquals(HeraldClient.State.DISCONNECTED, c.client().state());
        assertTrue(c.peer().closedByClient(), "the client closes its side after DISC_ACK");

        CompletableFuture<SessionStart> start = CompletableFuture.supplyAsync(c.client()::resume);
        Peer again = server.nextPeer();
        again.expect("RECON subscriber-3");
        again.send("CONN_ACK NEW 0");
        List<String> resubscribes = List.of(again.read(), again.read());
        assertEquals(Set.of("SUB NEWS", "SUB WEATHER"), new HashSet<>(resubscribes));
        for (String sub : resubscribes) {
            again.send(sub.equals("SUB NEWS")
                    ? new String[] {"SUB_ACK NEWS 1", "MSG NEWS 4 1764095000000 history"}
                    : new String[] {"SUB_ACK WEATHER 0"});
        }

        assertEquals(new SessionStart(false, 0), start.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("history"), news.payloads());
    }

    @Test
    void automaticReconnectRetriesWithBackoffAndResumesTheSession() throws Exception {
        EventRecorder events = new EventRecorder();
        Connected c = connect(builder("subscriber-1").connectionListener(events)
                .autoReconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(100))));
        Recorder news = new Recorder();
        CompletableFuture<Integer> sub = c.client().subscribeAsync("NEWS", news);
        c.peer().expect("SUB NEWS");
        c.peer().send("SUB_ACK NEWS 0");
        sub.get(5, TimeUnit.SECONDS);

        c.peer().close();
        events.awaitEvent(Event.DISCONNECTED);
        Peer failing = server.nextPeer();
        failing.expect("RECON subscriber-1");
        failing.close();
        Peer resumed = server.nextPeer();
        resumed.expect("RECON subscriber-1");
        resumed.send("CONN_ACK RESUMED 1", "MSG NEWS 5 1764095000000 missed while away");

        events.awaitEvent(Event.RECONNECTED);
        assertEquals(List.of(Event.CONNECTED, Event.DISCONNECTED, Event.RECONNECTED), events.events());
        assertEquals(List.of(1), events.failedAttempts);
        assertEquals(List.of("missed while away"), news.payloads());
        assertTrue(c.client().isConnected());

        CompletableFuture<Long> pub = c.client().publishAsync("NEWS", "back");
        resumed.expect("PUB NEWS back");
        resumed.send("PUB_ACK NEWS 6");
        assertEquals(6L, pub.get(5, TimeUnit.SECONDS));
    }

    @Test
    void automaticReconnectGivesUpAfterTheLastAttempt() throws Exception {
        EventRecorder events = new EventRecorder();
        Connected c = connect(builder("subscriber-1").connectionListener(events)
                .autoReconnect(ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofMillis(20)).withMaxAttempts(2)));
        server.close(); // drops the connection; nothing listens on the port any more
        events.awaitEvent(Event.RECONNECT_ABANDONED);
        assertEquals(List.of(1, 2), events.failedAttempts);
        assertEquals(HeraldClient.State.DISCONNECTED, c.client().state());
    }

    @Test
    void keepAliveSendsPingWhenIdleAndDropsAConnectionThatDoesNotAnswer() throws Exception {
        EventRecorder events = new EventRecorder();
        Connected c = connect(builder("publisher-1").keepAlive(Duration.ofMillis(50))
                .requestTimeout(Duration.ofMillis(300)).connectionListener(events));
        c.peer().expect("PING");
        c.peer().send("PONG");
        c.peer().expect("PING");
        // no PONG this time: the connection counts as dead

        events.awaitEvent(Event.DISCONNECTED);
        assertTrue(events.losses.getFirst().getMessage().contains("no PONG"), events.losses.getFirst().getMessage());
        assertEquals(HeraldClient.State.DISCONNECTED, c.client().state());
    }

    @Test
    void closeOfAConnectedClientSendsDisc() throws Exception {
        EventRecorder events = new EventRecorder();
        Connected c = connect(builder("publisher-2").connectionListener(events));
        CompletableFuture<Void> closed = CompletableFuture.runAsync(c.client()::close);
        c.peer().expect("DISC");
        c.peer().send("DISC_ACK");
        closed.get(5, TimeUnit.SECONDS);

        events.awaitEvent(Event.CLOSED);
        assertEquals(List.of(Event.CONNECTED, Event.DISCONNECTED, Event.CLOSED), events.events());
        assertThrows(IllegalStateException.class, c.client()::resume);
        assertThrows(ConnectionException.class, () -> c.client().publish("NEWS", "x"));
    }

    @Test
    void aListenerMayMakeBlockingCalls() throws Exception {
        Connected c = connect(builder("subscriber-3"));
        Recorder weather = new Recorder();
        CompletableFuture<Integer> nested = new CompletableFuture<>();
        Recorder news = new Recorder();
        MessageListener subscribingListener = message -> {
            news.onMessage(message);
            try {
                nested.complete(c.client().subscribe("WEATHER", weather));
            } catch (RuntimeException e) {
                nested.completeExceptionally(e);
            }
        };
        CompletableFuture<Integer> sub = c.client().subscribeAsync("NEWS", subscribingListener);
        c.peer().expect("SUB NEWS");
        c.peer().send("SUB_ACK NEWS 1", "MSG NEWS 1 1764095000000 go");

        // the listener, on the dispatch thread, now waits in subscribe("WEATHER")
        c.peer().expect("SUB WEATHER");
        c.peer().send("SUB_ACK WEATHER 1", "MSG WEATHER 2 1764095000000 sunny");
        assertEquals(1, nested.get(5, TimeUnit.SECONDS));
        assertEquals(1, sub.get(5, TimeUnit.SECONDS));
        weather.awaitCount(1);
        assertNotSame(Thread.currentThread(), weather.lastThread());
    }

    @Test
    void aReplyThatDoesNotFitTheRequestEndsTheConnection() throws Exception {
        Connected c = connect(builder("publisher-1"));
        CompletableFuture<Long> pub = c.client().publishAsync("NEWS", "x");
        c.peer().expect("PUB NEWS x");
        c.peer().send("PUB_ACK WEATHER 3");

        Throwable failure = failureOf(pub);
        assertInstanceOf(ConnectionException.class, failure);
        assertTrue(failure.getMessage().contains("broke the protocol"), failure.getMessage());
        Await.until("the client to notice", () -> c.client().state() == HeraldClient.State.DISCONNECTED);
    }

    @Test
    void requestsFailAtOnceWhenNotConnected() {
        HeraldClient client = client(builder("publisher-1"));
        assertThrows(ConnectionException.class, () -> client.publish("NEWS", "x"));
        assertInstanceOf(ConnectionException.class, client.subscribeAsync("NEWS", m -> { }).exceptionNow());
        assertThrows(IllegalArgumentException.class, () -> client.publishAsync("NO SPACES", "x"));
        assertThrows(IllegalArgumentException.class, () -> client.publishAsync("NEWS\nPUB", "x"));
        assertEquals(List.of(), client.subscribedTopics());
    }

    @Test
    void aServerRefusingTheConnectionAtOnceFailsConnectWithItsCode() throws Exception {
        HeraldClient client = client(builder("publisher-1"));
        CompletableFuture<ServerErrorException> thrown = CompletableFuture.supplyAsync(
                () -> assertThrows(ServerErrorException.class, client::connect));
        Peer peer = server.nextPeer();
        peer.send("ERR SERVER_BUSY connection limit of 1 reached");
        peer.close();

        assertEquals(ErrorCode.SERVER_BUSY, thrown.get(5, TimeUnit.SECONDS).code());
        assertEquals(HeraldClient.State.DISCONNECTED, client.state());
    }

    @Test
    void connectingToAPortNobodyListensOnFailsWithAConnectionException() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        HeraldClient client = client(HeraldClient.builder().host("127.0.0.1").port(port).clientId("lonely"));
        ConnectionException e = assertThrows(ConnectionException.class, client::connect);
        assertTrue(e.getMessage().contains("could not connect"), e.getMessage());
        assertEquals(HeraldClient.State.DISCONNECTED, client.state());
    }
}
