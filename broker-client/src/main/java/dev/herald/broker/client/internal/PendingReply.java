package dev.herald.broker.client.internal;

import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.broker.client.HeraldException;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A request sent and waiting for its reply. The server answers requests in order, so the
 * replies are matched to the oldest waiting request.
 *
 * @param <T> what the caller gets from the reply
 */
public final class PendingReply<T> {

    /** The success reply a request expects; an {@code ERR} may come instead of any. */
    public enum Expect {
        CONN_ACK, SUB_ACK, UNSUB_ACK, PUB_ACK, PONG, DISC_ACK
    }

    private final Expect expect;
    private final String topic;
    private final boolean ordered;
    private final Function<ServerFrame, T> onReply;
    private final Consumer<HeraldException> onError;
    private final CompletableFuture<T> future = new CompletableFuture<>();

    /**
     * @param expect  the success reply
     * @param topic   the topic the reply must name ({@code SUB_ACK}, {@code UNSUB_ACK},
     *                {@code PUB_ACK}), else null
     * @param ordered whether the reply completes on the dispatch thread, after the messages
     *                read before it (and after the messages it announces) were delivered
     * @param onReply turns the success reply into the result; runs before the future completes
     * @param onError runs before the future fails because of an {@code ERR} or a lost
     *                connection (not a timeout); may be null
     */
    public PendingReply(Expect expect, String topic, boolean ordered, Function<ServerFrame, T> onReply,
                        Consumer<HeraldException> onError) {
        this.expect = Objects.requireNonNull(expect, "expect");
        this.topic = topic;
        this.ordered = ordered;
        this.onReply = Objects.requireNonNull(onReply, "onReply");
        this.onError = onError;
    }

    /** Completed with the result, or failed with a {@link HeraldException}. */
    public CompletableFuture<T> future() {
        return future;
    }

    Expect expect() {
        return expect;
    }

    boolean ordered() {
        return ordered;
    }

    /** Whether {@code frame} is the success reply this request waits for. */
    boolean accepts(ServerFrame frame) {
        return switch (expect) {
            case CONN_ACK -> frame instanceof ServerFrame.ConnAck;
            case SUB_ACK -> frame instanceof ServerFrame.SubAck ack && ack.topic().equals(topic);
            case UNSUB_ACK -> frame instanceof ServerFrame.UnsubAck ack && ack.topic().equals(topic);
            case PUB_ACK -> frame instanceof ServerFrame.PubAck ack && ack.topic().equals(topic);
            case PONG -> frame instanceof ServerFrame.Pong;
            case DISC_ACK -> frame instanceof ServerFrame.DiscAck;
        };
    }

    void complete(ServerFrame reply) {
        T result;
        try {
            result = onReply.apply(reply);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        future.complete(result);
    }

    /** Fails the request: runs the error hook, then fails the future. */
    public void fail(HeraldException error) {
        try {
            if (onError != null) {
                onError.accept(error);
            }
        } finally {
            future.completeExceptionally(error);
        }
    }

    @Override
    public String toString() {
        return topic == null ? expect.name() : expect + " " + topic;
    }
}
