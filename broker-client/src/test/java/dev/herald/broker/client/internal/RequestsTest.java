package dev.herald.broker.client.internal;

import dev.herald.broker.api.wire.Request;
import dev.herald.broker.client.ConnectionException;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.RequestTimeoutException;
import dev.herald.broker.client.ScriptedServer;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.client.internal.PendingReply.Expect;
import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestsTest {

    private final Dispatcher dispatcher = new Dispatcher("requests-test-dispatch");
    private final List<HeraldException> hooked = new CopyOnWriteArrayList<>();
    private final Requests requests = requests(Duration.ofSeconds(10));
    private ScriptedServer server;
    private ServerLink link;

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (server != null) {
            server.close();
        }
        dispatcher.stop();
    }

    private Requests requests(Duration timeout) {
        return new Requests(timeout, () -> dispatcher, () -> new ConnectionException("not connected"));
    }

    /** A connection to a scripted server, and the server's side of it. */
    private ScriptedServer.Peer connect() throws Exception {
        server = new ScriptedServer();
        link = ServerLink.open("127.0.0.1", server.port(), Duration.ofSeconds(5), null, true, "requests-test",
                dispatcher, new ServerLink.Owner() {
                    @Override
                    public void message(Message message) {
                    }

                    @Override
                    public void ended(ServerLink l, HeraldException cause, boolean requested) {
                    }
                });
        return server.nextPeer();
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void eachRequestWaitsForItsOwnKindOfReplyNamingItsTopic() {
        assertEquals(Expect.CONN_ACK, Requests.expected(new Request.Conn("a", null)));
        assertEquals(Expect.CONN_ACK, Requests.expected(new Request.Recon("a", null)));
        assertEquals(Expect.SUB_ACK, Requests.expected(new Request.Sub("NEWS")));
        assertEquals(Expect.UNSUB_ACK, Requests.expected(new Request.Unsub("NEWS")));
        assertEquals(Expect.PUB_ACK, Requests.expected(new Request.Pub("NEWS", "x")));
        assertEquals(Expect.PONG, Requests.expected(new Request.Ping()));
        assertEquals(Expect.DISC_ACK, Requests.expected(new Request.Disc()));
        assertEquals("NEWS", Requests.topic(new Request.Sub("NEWS")));
        assertEquals("NEWS", Requests.topic(new Request.Unsub("NEWS")));
        assertEquals("NEWS", Requests.topic(new Request.Pub("NEWS", "x")));
        assertNull(Requests.topic(new Request.Ping()));
    }

    @Test
    void withoutAConnectionARequestFailsAtOnceAndItsErrorHookRuns() {
        CompletableFuture<Long> pub = requests.send(null, new Request.Pub("NEWS", "x"), false, reply -> 1L, hooked::add);
        ConnectionException failure = assertInstanceOf(ConnectionException.class, pub.exceptionNow());
        assertEquals("not connected", failure.getMessage());
        assertEquals(List.of(failure), hooked);
    }

    @Test
    void aRequestWithoutReplyTimesOutNamingItselfAndTheServerWithoutItsErrorHook() throws Exception {
        ScriptedServer.Peer peer = connect();
        CompletableFuture<Integer> sub = requests(Duration.ofMillis(100))
                .send(link, new Request.Sub("NEWS"), true, Requests::history, hooked::add);
        peer.expect("SUB NEWS");

        Throwable failure = failureOf(sub);
        assertInstanceOf(RequestTimeoutException.class, failure);
        assertEquals("no reply to SUB NEWS from 127.0.0.1:" + server.port() + " within 100 ms", failure.getMessage());
        assertEquals(List.of(), hooked, "a timeout leaves the request's effects in place: its reply may still come");
    }

    @Test
    void aConnectionTheServerEndedWithAnErrorFailsLaterRequestsWithThatError() throws Exception {
        ScriptedServer.Peer peer = connect();
        peer.send("ERR SERVER_BUSY connection limit of 1 reached");
        Await.until("the connection to end", () -> link.endCause() != null);

        CompletableFuture<Void> ping = requests.send(link, new Request.Ping(), false, reply -> null);
        assertEquals(ErrorCode.SERVER_BUSY, assertInstanceOf(ServerErrorException.class, ping.exceptionNow()).code());
    }

    @Test
    void anOrderedRequestMadeOnTheDispatchThreadDoesNotWaitForThatThread() throws Exception {
        ScriptedServer.Peer peer = connect();
        CompletableFuture<String> fromListener = new CompletableFuture<>();
        dispatcher.execute(() -> fromListener.complete(
                Requests.await(requests.send(link, new Request.Ping(), true, reply -> "pong"))));
        peer.expect("PING");
        peer.send("PONG");

        assertEquals("pong", fromListener.get(5, TimeUnit.SECONDS));
    }

    @Test
    void awaitThrowsTheFailureAsItIs() {
        ServerErrorException refused = new ServerErrorException(ErrorCode.UNKNOWN_TOPIC, "no such topic: SPORTS");
        assertSame(refused, assertThrows(ServerErrorException.class,
                () -> Requests.await(CompletableFuture.failedFuture(refused))));

        IllegalStateException bug = new IllegalStateException("bug");
        HeraldException wrapped = assertThrows(HeraldException.class,
                () -> Requests.await(CompletableFuture.failedFuture(bug)));
        assertSame(bug, wrapped.getCause());
    }
}
