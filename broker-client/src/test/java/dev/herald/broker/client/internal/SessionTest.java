package dev.herald.broker.client.internal;

import dev.herald.broker.api.wire.Request;
import dev.herald.broker.client.ClientOptions;
import dev.herald.broker.client.ConnectionException;
import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.broker.client.EventRecorder;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.client.HeraldClient.State;
import dev.herald.broker.client.ReconnectPolicy;
import dev.herald.broker.client.ScriptedServer;
import dev.herald.broker.client.ScriptedServer.Peer;
import dev.herald.broker.client.SessionStart;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's states and moves, against a scripted fake server. */
class SessionTest {

    private final ScriptedServer server;
    private final EventRecorder events = new EventRecorder();
    private final Subscriptions subscriptions = new Subscriptions(null);
    private final List<Session> sessions = new ArrayList<>();

    SessionTest() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close(); // first: closing a connected session would wait for a DISC_ACK nobody sends
        sessions.forEach(Session::close);
    }

    private Session session(String clientId, UnaryOperator<HeraldClient.Builder> settings) {
        ClientOptions options = settings.apply(HeraldClient.builder().host("127.0.0.1").port(server.port())
                .clientId(clientId)).options();
        Session session = new Session(options, subscriptions,
                new Callbacks(HeraldClient.create(options), events, subscriptions));
        sessions.add(session);
        return session;
    }

    private static Future<SessionStart> open(Session session, boolean resume) {
        return CompletableFuture.supplyAsync(() -> session.open(resume));
    }

    private static Throwable failureOf(Future<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void opensOnlyWhenDisconnectedAndNeverOnceClosed() throws Exception {
        Session session = session("session-1", b -> b);
        assertEquals("client session-1 is not connected (disconnected)", session.notConnected().getMessage());
        assertInstanceOf(ConnectionException.class,
                session.request(new Request.Ping(), false, reply -> null, null).exceptionNow());

        Future<SessionStart> start = open(session, false);
        Peer peer = server.nextSession("session-1");
        assertEquals(new SessionStart(false, 0), start.get(5, TimeUnit.SECONDS));
        assertEquals(State.CONNECTED, session.state());
        assertEquals("client session-1 is connected, not disconnected",
                assertThrows(IllegalStateException.class, () -> session.open(true)).getMessage());

        Future<?> closed = CompletableFuture.runAsync(session::close);
        peer.expect("DISC");
        peer.send("DISC_ACK");
        closed.get(5, TimeUnit.SECONDS);
        assertEquals(State.CLOSED, session.state());
        assertEquals("client session-1 is closed",
                assertThrows(IllegalStateException.class, () -> session.open(false)).getMessage());
        events.awaitEvent(Event.CLOSED);
        assertEquals(List.of(Event.CONNECTED, Event.DISCONNECTED, Event.CLOSED), events.events());
    }

    @Test
    void aCloseWhileConnectingWinsOverTheConnect() throws Exception {
        Session session = session("session-2", b -> b);
        Future<SessionStart> start = open(session, false);
        Peer peer = server.nextPeer();
        peer.expect("CONN session-2");

        session.close(); // before any CONN_ACK
        assertInstanceOf(ConnectionException.class, failureOf(start));
        assertEquals(State.CLOSED, session.state());
        assertTrue(peer.closedByClient());
        events.awaitEvent(Event.CLOSED);
        assertEquals(List.of(Event.CLOSED), events.events(), "the session never counted as connected");
    }

    @Test
    void resumingASessionTheServerNoLongerHasDropsTheListenerOfATopicItRefuses() throws Exception {
        subscriptions.put("NEWS", m -> { });
        subscriptions.put("SPORTS", m -> { });
        Session session = session("session-3", b -> b);
        Future<SessionStart> start = open(session, true);
        Peer peer = server.nextPeer();
        peer.expect("RECON session-3");
        peer.send("CONN_ACK NEW 0");
        for (int i = 0; i < 2; i++) {
            peer.send(peer.read().equals("SUB NEWS") ? "SUB_ACK NEWS 0" : "ERR NOT_AUTHORIZED user may not read SPORTS");
        }

        assertEquals(new SessionStart(false, 0), start.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("NEWS"), subscriptions.topics());
        assertEquals(State.CONNECTED, session.state());
        events.awaitEvent(Event.CONNECTED);
        assertEquals(List.of(Event.CONNECTED), events.events(), "RESUBSCRIBED is for automatic reconnection");
    }

    @Test
    void aDisconnectWhileReconnectingStopsTheAttemptQuietly() throws Exception {
        Session session = session("session-4",
                b -> b.autoReconnect(ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofMillis(20))));
        Future<SessionStart> start = open(session, false);
        Peer peer = server.nextSession("session-4");
        start.get(5, TimeUnit.SECONDS);

        peer.close();
        events.awaitEvent(Event.DISCONNECTED);
        Peer attempt = server.nextPeer();
        attempt.expect("RECON session-4");
        assertEquals(State.RECONNECTING, session.state());

        assertFalse(session.disconnect(), "no DISC_ACK while reconnecting");
        assertEquals(State.DISCONNECTED, session.state());
        assertTrue(attempt.closedByClient(), "the attempt's connection is closed");
        Await.until("the session to stay disconnected", () -> session.state() == State.DISCONNECTED);
        assertEquals(List.of(Event.CONNECTED, Event.DISCONNECTED), events.events());
        assertEquals(List.of(), events.failedAttempts, "an attempt given up by the client is no failure");
    }
}
