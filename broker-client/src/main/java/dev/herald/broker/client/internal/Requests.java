package dev.herald.broker.client.internal;

import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.RequestTimeoutException;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.client.internal.PendingReply.Expect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends a client's requests and hands back their replies. The connection matches each reply
 * to the oldest waiting request; a request fails with the server's {@code ERR}, at once when
 * there is no connection or it ends, and with a {@link RequestTimeoutException} when no reply
 * comes within the request timeout.
 */
public final class Requests {

    private final Duration timeout;
    private final Supplier<Dispatcher> dispatcher;
    private final Supplier<? extends HeraldException> notConnected;

    /**
     * @param timeout      how long every request waits for its reply
     * @param dispatcher   the client's dispatcher, or null before it has one
     * @param notConnected the failure of a request made without a usable connection
     */
    public Requests(Duration timeout, Supplier<Dispatcher> dispatcher, Supplier<? extends HeraldException> notConnected) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.notConnected = Objects.requireNonNull(notConnected, "notConnected");
    }

    /** {@link #send(ServerLink, Request, boolean, Function, Consumer)} without an error hook. */
    public <T> CompletableFuture<T> send(ServerLink link, Request request, boolean ordered, Function<ServerFrame, T> onReply) {
        return send(link, request, ordered, onReply, null);
    }

    /**
     * Sends {@code request} on {@code link} and arms its timeout.
     *
     * @param link    the connection, or null when there is none: the request fails at once
     * @param ordered whether the reply completes after the messages read before it were delivered
     *                (not when called from a listener, which would wait for itself)
     * @param onReply turns the success reply into the result
     * @param onError runs before the request fails because of an {@code ERR}, a lost
     *                connection or none (not a timeout); may be null
     * @return completed by the reply, or failed with a {@link HeraldException}
     */
    public <T> CompletableFuture<T> send(ServerLink link, Request request, boolean ordered,
                                         Function<ServerFrame, T> onReply, Consumer<HeraldException> onError) {
        Dispatcher d = dispatcher.get();
        String topic = topic(request);
        PendingReply<T> reply = new PendingReply<>(expected(request), topic,
                ordered && d != null && !d.isDispatchThread(), onReply, onError);
        if (link == null || !link.send(reply, ServerLink.encode(request), request instanceof Request.Disc)) {
            // A link that already ended says why (e.g. the server sent SERVER_BUSY before CONN left).
            HeraldException ended = link == null ? null : link.endCause();
            reply.fail(ended instanceof ServerErrorException ? ended : notConnected.get());
            return reply.future();
        }
        Timers.failAfter(reply.future(), timeout, () -> new RequestTimeoutException(
                "no reply to " + request.verb() + (topic == null ? "" : " " + topic) + " from " + link.peer()
                        + " within " + timeout.toMillis() + " ms"));
        return reply.future();
    }

    /** The success reply {@code request} waits for. */
    static Expect expected(Request request) {
        return switch (request) {
            case Request.Conn conn -> Expect.CONN_ACK;
            case Request.Recon recon -> Expect.CONN_ACK;
            case Request.Sub sub -> Expect.SUB_ACK;
            case Request.Unsub unsub -> Expect.UNSUB_ACK;
            case Request.Pub pub -> Expect.PUB_ACK;
            case Request.Ping ping -> Expect.PONG;
            case Request.Disc disc -> Expect.DISC_ACK;
        };
    }

    /** The topic the reply to {@code request} names, or null. */
    static String topic(Request request) {
        return switch (request) {
            case Request.Sub sub -> sub.topic();
            case Request.Unsub unsub -> unsub.topic();
            case Request.Pub pub -> pub.topic();
            default -> null;
        };
    }

    /** How many retained messages follow a {@code SUB_ACK}. */
    public static int history(ServerFrame subAck) {
        return ((ServerFrame.SubAck) subAck).history();
    }

    /**
     * Waits for a request's result.
     *
     * @throws HeraldException the request's failure as it is: made on the thread that read the
     *                         reply, so a blocking call of the API copies it for its caller
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw asHeraldException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeraldException("interrupted while waiting for the server's reply", e);
        }
    }

    private static HeraldException asHeraldException(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof HeraldException h ? h : new HeraldException("unexpected failure: " + t, t);
    }
}
