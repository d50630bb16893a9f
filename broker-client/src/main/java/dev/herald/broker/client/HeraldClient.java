package dev.herald.broker.client;

import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.broker.client.internal.Callbacks;
import dev.herald.broker.client.internal.Requests;
import dev.herald.broker.client.internal.Session;
import dev.herald.broker.client.internal.Subscriptions;
import dev.herald.broker.model.Names;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A client of a Herald broker, under one client id.
 *
 * <pre>{@code
 * try (HeraldClient client = HeraldClient.builder().port(12345).clientId("subscriber-1").build()) {
 *     client.connect();                                   // CONN: a new session
 *     client.subscribe("NEWS", m -> System.out.println(m.id() + " " + m.payload()));
 *     long id = client.publish("NEWS", "Hello");          // waits for PUB_ACK
 *     client.disconnect();                                // DISC: the session collects messages offline
 *     client.resume();                                    // RECON: they arrive, then live ones
 * }
 * }</pre>
 *
 * <p><b>Requests.</b> Every request has a blocking form that returns the reply's content and
 * an {@code Async} form that returns a {@link CompletableFuture} at once, so a caller can
 * pipeline thousands of publishes. Replies are matched to requests first-in first-out, as the
 * protocol allows. A request fails with a {@link ServerErrorException} when the server
 * answers {@code ERR} (its {@link HeraldException#code() code} says why), with a
 * {@link ConnectionException} when the client is not connected or the connection ends before
 * the reply (every waiting request fails at once), and with a {@link RequestTimeoutException}
 * after {@link ClientOptions#requestTimeout()}. Callbacks attached to a returned future may
 * run on the client's reader thread: they should not block (use the {@code ...Async} methods
 * of {@code CompletableFuture} for work that does).
 *
 * <p><b>Messages.</b> Each subscribed topic has one {@link MessageListener}. It receives the
 * topic's retained history after a subscribe, the messages queued while the session was
 * offline after a resume, and live messages, all in order; see {@link MessageListener} for
 * the thread they run on. {@link #subscribe} and {@link #resume} return once the messages
 * their reply announced have been delivered.
 *
 * <p><b>Sessions.</b> {@link #connect()} starts a new session (the server forgets the id's
 * old subscriptions, and so does this client); {@link #resume()} resumes the stored one, and
 * the listeners this client still holds keep receiving. When the server has no stored session
 * and answers {@code NEW}, the client subscribes its listeners' topics again. After
 * {@link #disconnect()} a client may connect or resume again; after {@link #close()} it may not.
 *
 * <p><b>Reconnection</b> ({@link ClientOptions#reconnectPolicy()}, off by default): after the
 * connection is lost the client reconnects with backoff and resumes with {@code RECON};
 * requests made meanwhile fail at once with {@link ConnectionException}. It does not
 * reconnect after {@code SESSION_TAKEN_OVER} or {@code BAD_CREDENTIALS}.
 *
 * <p>A client is safe to use from many threads.
 */
public final class HeraldClient implements AutoCloseable {

    /** Where a client is in its life. */
    public enum State {
        /** Not connected: new, disconnected, or lost without automatic reconnection. */
        DISCONNECTED,
        /** {@link #connect()} or {@link #resume()} is under way. */
        CONNECTING,
        /** Connected with a session; requests can be made. */
        CONNECTED,
        /** {@link #disconnect()} is under way. */
        DISCONNECTING,
        /** The connection was lost and the client is reconnecting on its own. */
        RECONNECTING,
        /** {@link #close()} was called. */
        CLOSED
    }

    private final ClientOptions options;
    private final Subscriptions subscriptions;
    private final Session session;

    private HeraldClient(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.subscriptions = new Subscriptions(options.defaultListener());
        this.session = new Session(options, subscriptions,
                new Callbacks(this, options.connectionListener(), subscriptions));
    }

    /** A builder with every option at its default; {@link Builder#clientId} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A client with these options, not connected yet. */
    public static HeraldClient create(ClientOptions options) {
        return new HeraldClient(options);
    }

    /** This client's options. */
    public ClientOptions options() {
        return options;
    }

    /** This client's id. */
    public String clientId() {
        return options.clientId();
    }

    /** Where this client is now. */
    public State state() {
        return session.state();
    }

    /** Whether requests can be made now. */
    public boolean isConnected() {
        return state() == State.CONNECTED;
    }

    /** The topics this client holds a listener for. */
    public List<String> subscribedTopics() {
        return subscriptions.topics();
    }

    // ---- sessions ----

    /**
     * Connects and starts a new session with {@code CONN}: the server discards any stored
     * session of this id, and this client forgets its listeners.
     *
     * @return the server's answer ({@code resumed()} is false)
     * @throws IllegalStateException when the client is not {@link State#DISCONNECTED}
     * @throws HeraldException       when connecting fails (e.g. {@code BAD_CREDENTIALS})
     */
    public SessionStart connect() {
        return forCaller(() -> session.open(false));
    }

    /**
     * Connects and resumes the stored session of this id with {@code RECON}: its
     * subscriptions come back, and the messages queued while it was offline (younger than the
     * server's offline TTL) are delivered to the listeners before this returns. When the server
     * has no stored session it starts a new one and the client subscribes its listeners'
     * topics again.
     *
     * @return the server's answer: whether the session was resumed, and how many queued
     *         messages followed
     * @throws IllegalStateException when the client is not {@link State#DISCONNECTED}
     * @throws HeraldException       when connecting fails
     */
    public SessionStart resume() {
        return forCaller(() -> session.open(true));
    }

    /**
     * Leaves with {@code DISC}: the server keeps the session, which collects messages while
     * offline, and closes the connection. Returns once the messages received before
     * {@code DISC_ACK} were delivered. The listeners are kept for {@link #resume()}. Does
     * nothing when not connected; stops automatic reconnection when it is under way.
     *
     * @return whether the server confirmed with {@code DISC_ACK}; false when there was no
     *         connection or it ended first (the session is offline either way)
     */
    public boolean disconnect() {
        return session.disconnect();
    }

    /**
     * Disconnects (with {@code DISC} when connected) and releases the client's threads.
     * Idempotent. Requests still waiting fail with {@link ConnectionException}.
     */
    @Override
    public void close() {
        session.close();
    }

    // ---- requests ----

    /**
     * Subscribes to {@code topic}, delivering its messages to {@code listener} (replacing the
     * topic's listener, if it had one). The topic's retained history is delivered to the
     * listener before this returns.
     *
     * @return how many retained messages were delivered
     * @throws ServerErrorException {@code UNKNOWN_TOPIC}, {@code NOT_AUTHORIZED}, ...
     */
    public int subscribe(String topic, MessageListener listener) {
        return await(subscribeAsync(topic, listener));
    }

    /**
     * {@link #subscribe} without waiting. The listener is in place before {@code SUB} is sent,
     * so it receives the history that follows the reply; the future completes after it.
     */
    public CompletableFuture<Integer> subscribeAsync(String topic, MessageListener listener) {
        requireTopic(topic);
        Objects.requireNonNull(listener, "listener");
        if (!isConnected()) {
            return CompletableFuture.failedFuture(session.notConnected());
        }
        MessageListener previous = subscriptions.put(topic, listener);
        return session.request(new Request.Sub(topic), true, Requests::history,
                error -> subscriptions.restore(topic, listener, previous));
    }

    /**
     * Unsubscribes from {@code topic} (not being subscribed is not an error); its listener
     * receives nothing more once this returns.
     */
    public void unsubscribe(String topic) {
        await(unsubscribeAsync(topic));
    }

    /** {@link #unsubscribe} without waiting. */
    public CompletableFuture<Void> unsubscribeAsync(String topic) {
        requireTopic(topic);
        if (!isConnected()) {
            return CompletableFuture.failedFuture(session.notConnected());
        }
        MessageListener current = subscriptions.get(topic);
        return session.request(new Request.Unsub(topic), true, reply -> {
            subscriptions.remove(topic, current);
            return null;
        }, null);
    }

    /**
     * Publishes {@code payload} (any text, empty included) to {@code topic} and waits until the
     * server has stored it.
     *
     * @return the message id the server assigned
     * @throws ServerErrorException {@code UNKNOWN_TOPIC}, {@code NOT_AUTHORIZED},
     *                              {@code STORE_UNAVAILABLE}, ...
     */
    public long publish(String topic, String payload) {
        return await(publishAsync(topic, payload));
    }

    /**
     * {@link #publish} without waiting: the future completes with the message id when
     * {@code PUB_ACK} arrives. Publishes of one client are stored in the order of these calls.
     */
    public CompletableFuture<Long> publishAsync(String topic, String payload) {
        requireTopic(topic);
        Objects.requireNonNull(payload, "payload");
        return session.request(new Request.Pub(topic, payload), false,
                reply -> ((ServerFrame.PubAck) reply).messageId(), null);
    }

    /**
     * Sends {@code PING} and waits for {@code PONG}.
     *
     * @return the round-trip time
     */
    public Duration ping() {
        return await(pingAsync());
    }

    /** {@link #ping} without waiting. */
    public CompletableFuture<Duration> pingAsync() {
        long sent = System.nanoTime();
        return session.request(new Request.Ping(), false, reply -> Duration.ofNanos(System.nanoTime() - sent), null);
    }

    private static <T> T await(CompletableFuture<T> future) {
        return forCaller(() -> Requests.await(future));
    }

    /**
     * Makes a blocking call; its failure is thrown with the caller's stack, as replies are
     * read on the client's reader thread, whose stack would tell a caller nothing.
     */
    private static <T> T forCaller(Supplier<T> call) {
        try {
            return call.get();
        } catch (HeraldException e) {
            throw e.copyForCaller();
        }
    }

    private static void requireTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!Names.isValidTopic(topic)) {
            throw new IllegalArgumentException("not a topic name (1 to " + Names.MAX_TOPIC_LENGTH
                    + " characters from A-Z a-z 0-9 _ . / -): '" + topic + "'");
        }
    }

    @Override
    public String toString() {
        return "HeraldClient[" + clientId() + " at " + options.host() + ":" + options.port() + ", "
                + Session.describe(state()) + "]";
    }

    /**
     * Builds a {@link HeraldClient}; each setter checks its value at once. The setters, and
     * every option's default, are those of {@link ClientOptions.Builder}.
     */
    public static final class Builder extends ClientOptions.Builder<Builder> {

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * A client with these options, not connected yet: call {@link HeraldClient#connect()}
         * or {@link HeraldClient#resume()}.
         *
         * @throws IllegalArgumentException when no client id was given
         */
        public HeraldClient build() {
            return new HeraldClient(options());
        }
    }
}
