package dev.herald.broker.client;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.Names;
import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.broker.client.internal.Dispatcher;
import dev.herald.broker.client.internal.KeepAlive;
import dev.herald.broker.client.internal.PendingReply;
import dev.herald.broker.client.internal.PendingReply.Expect;
import dev.herald.broker.client.internal.ServerLink;
import dev.herald.broker.client.internal.Subscriptions;
import dev.herald.broker.client.internal.Timers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

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

    private static final System.Logger LOG = System.getLogger(HeraldClient.class.getName());

    private record Established(SessionStart start, boolean resubscribed) {
    }

    private final ClientOptions options;
    private final Subscriptions subscriptions;
    private final ServerLink.Owner linkOwner = new LinkOwner();
    private final Object lock = new Object();
    /** Written under {@code lock}; read without it where a stale value is harmless. */
    private volatile State state = State.DISCONNECTED;
    private volatile ServerLink link;
    private volatile Dispatcher dispatcher;
    private Thread reconnector;            // guarded by lock
    private KeepAlive keepAlive;           // guarded by lock

    private HeraldClient(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.subscriptions = new Subscriptions(options.defaultListener());
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
        return state;
    }

    /** Whether requests can be made now. */
    public boolean isConnected() {
        return state == State.CONNECTED;
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
        return open(false);
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
        return open(true);
    }

    private SessionStart open(boolean resume) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("client " + clientId() + " is closed");
            }
            if (state != State.DISCONNECTED) {
                throw new IllegalStateException("client " + clientId() + " is " + describe(state) + ", not disconnected");
            }
            state = State.CONNECTING;
            if (dispatcher == null) {
                dispatcher = new Dispatcher("herald-client-" + clientId() + "-dispatch");
            }
        }
        if (!resume) {
            subscriptions.clear();
        }
        try {
            return establish(resume, State.CONNECTING).start();
        } catch (RuntimeException e) {
            synchronized (lock) {
                if (state == State.CONNECTING) {
                    state = State.DISCONNECTED;
                }
            }
            throw e;
        }
    }

    /**
     * Opens a connection and sends CONN or RECON; on success the state becomes CONNECTED. The
     * state must stay {@code during} throughout, else someone disconnected or closed meanwhile.
     */
    private Established establish(boolean resume, State during) {
        ServerLink l = ServerLink.open(options.host(), options.port(), options.connectTimeout(), options.tls(),
                options.verifyHostname(),
                "herald-client-" + clientId(), dispatcher, linkOwner);
        synchronized (lock) {
            if (state != during) {
                l.close();
                throw new ConnectionException("client " + clientId() + " was " + describe(state) + " while connecting");
            }
            link = l;
        }
        try {
            Request.Credentials credentials = options.user() == null ? null
                    : new Request.Credentials(options.user(), options.password());
            Request hello = resume ? new Request.Recon(clientId(), credentials) : new Request.Conn(clientId(), credentials);
            SessionStart start = await(request(l, hello, Expect.CONN_ACK, null, true, HeraldClient::sessionStart, null));
            boolean resubscribed = resume && !start.resumed() && resubscribe(l);
            synchronized (lock) {
                if (state != during) {
                    throw new ConnectionException("client " + clientId() + " was " + describe(state) + " while connecting");
                }
                if (!l.isOpen()) {
                    throw new ConnectionException("the connection to " + l.peer() + " ended while connecting");
                }
                state = State.CONNECTED;
                startKeepAlive(l);
                if (during == State.RECONNECTING) {
                    reconnector = null;
                    event(Event.RECONNECTED);
                    if (resubscribed) {
                        event(Event.RESUBSCRIBED);
                    }
                } else {
                    event(Event.CONNECTED);
                }
            }
            return new Established(start, resubscribed);
        } catch (RuntimeException e) {
            synchronized (lock) {
                if (link == l) {
                    link = null;
                }
            }
            l.close();
            throw e;
        }
    }

    private static SessionStart sessionStart(ServerFrame reply) {
        ServerFrame.ConnAck ack = (ServerFrame.ConnAck) reply;
        return new SessionStart(ack.resumed(), ack.queued());
    }

    /** Subscribes the listeners' topics again (pipelined); a topic the server refuses loses its listener. */
    private boolean resubscribe(ServerLink l) {
        List<String> topics = subscriptions.topics();
        if (topics.isEmpty()) {
            return false;
        }
        Map<String, CompletableFuture<Integer>> subscribes = new LinkedHashMap<>();
        for (String topic : topics) {
            subscribes.put(topic, request(l, new Request.Sub(topic), Expect.SUB_ACK, topic, true,
                    reply -> ((ServerFrame.SubAck) reply).history(), null));
        }
        subscribes.forEach((topic, subscribe) -> {
            try {
                await(subscribe);
            } catch (ServerErrorException e) {
                LOG.log(WARNING, "client {0} could not subscribe to {1} again and drops its listener: {2}",
                        clientId(), topic, e.getMessage());
                subscriptions.remove(topic, subscriptions.get(topic));
            }
        });
        return true;
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
        ServerLink l;
        boolean graceful;
        Thread abandoned = null;
        synchronized (lock) {
            switch (state) {
                case CONNECTED -> {
                    state = State.DISCONNECTING;
                    stopKeepAlive();
                    graceful = true;
                }
                case CONNECTING, RECONNECTING -> {
                    state = State.DISCONNECTED;
                    abandoned = reconnector;
                    reconnector = null;
                    graceful = false;
                }
                default -> {
                    return false;
                }
            }
            l = link;
        }
        if (!graceful) {
            if (abandoned != null) {
                abandoned.interrupt();
            }
            if (l != null) {
                l.close();
            }
            return false;
        }
        try {
            await(request(l, new Request.Disc(), Expect.DISC_ACK, null, true, reply -> null, null));
            return true;
        } catch (HeraldException e) {
            // The connection ended first: the session is offline all the same.
            LOG.log(DEBUG, () -> "client " + clientId() + " got no DISC_ACK: " + e.getMessage());
            return false;
        } finally {
            l.close();
            synchronized (lock) {
                if (link == l) {
                    link = null;
                }
                if (state == State.DISCONNECTING) {
                    state = State.DISCONNECTED;
                    event(Event.DISCONNECTED);
                }
            }
        }
    }

    /**
     * Disconnects (with {@code DISC} when connected) and releases the client's threads.
     * Idempotent. Requests still waiting fail with {@link ConnectionException}.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        disconnect();
        ServerLink l;
        Thread abandoned;
        Dispatcher d;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            l = link;
            link = null;
            abandoned = reconnector;
            reconnector = null;
            stopKeepAlive();
            event(Event.CLOSED);
            d = dispatcher;
        }
        if (abandoned != null) {
            abandoned.interrupt();
        }
        if (l != null) {
            l.close();
        }
        if (d != null) {
            d.stop();
        }
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
        ServerLink l = connectedLink();
        if (l == null) {
            return CompletableFuture.failedFuture(notConnected());
        }
        MessageListener previous = subscriptions.put(topic, listener);
        return request(l, new Request.Sub(topic), Expect.SUB_ACK, topic, true,
                reply -> ((ServerFrame.SubAck) reply).history(),
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
        ServerLink l = connectedLink();
        if (l == null) {
            return CompletableFuture.failedFuture(notConnected());
        }
        MessageListener current = subscriptions.get(topic);
        return request(l, new Request.Unsub(topic), Expect.UNSUB_ACK, topic, true, reply -> {
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
        return request(connectedLink(), new Request.Pub(topic, payload), Expect.PUB_ACK, topic, false,
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
        return request(connectedLink(), new Request.Ping(), Expect.PONG, null, false,
                reply -> Duration.ofNanos(System.nanoTime() - sent), null);
    }

    /**
     * Sends a request on {@code l} and arms its timeout.
     *
     * @param ordered whether the reply completes after the messages read before it were delivered
     *                (not when called from a listener, which would wait for itself)
     */
    private <T> CompletableFuture<T> request(ServerLink l, Request request, Expect expect, String topic, boolean ordered,
                                             Function<ServerFrame, T> onReply, Consumer<HeraldException> onError) {
        Dispatcher d = dispatcher;
        PendingReply<T> reply = new PendingReply<>(expect, topic, ordered && d != null && !d.isDispatchThread(),
                onReply, onError);
        if (l == null || !l.send(reply, ServerLink.encode(request), request instanceof Request.Disc)) {
            // A link that already ended says why (e.g. the server sent SERVER_BUSY before CONN left).
            HeraldException ended = l == null ? null : l.endCause();
            reply.fail(ended instanceof ServerErrorException ? ended : notConnected());
            return reply.future();
        }
        Duration timeout = options.requestTimeout();
        Timers.failAfter(reply.future(), timeout, () -> new RequestTimeoutException(
                "no reply to " + request.verb() + (topic == null ? "" : " " + topic) + " from " + l.peer()
                        + " within " + timeout.toMillis() + " ms"));
        return reply.future();
    }

    private ServerLink connectedLink() {
        ServerLink l = link;
        return state == State.CONNECTED ? l : null;
    }

    private ConnectionException notConnected() {
        return new ConnectionException("client " + clientId() + " is not connected (" + describe(state) + ")");
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw forCaller(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeraldException("interrupted while waiting for the server's reply", e);
        }
    }

    private static HeraldException forCaller(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof HeraldException h ? h.copyForCaller() : new HeraldException("unexpected failure: " + t, t);
    }

    private static void requireTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!Names.isValidTopic(topic)) {
            throw new IllegalArgumentException("not a topic name (1 to " + Names.MAX_TOPIC_LENGTH
                    + " characters from A-Z a-z 0-9 _ . / -): '" + topic + "'");
        }
    }

    // ---- connection loss, reconnection, keep-alive ----

    private final class LinkOwner implements ServerLink.Owner {
        @Override
        public void message(Message message) {
            MessageListener listener = subscriptions.route(message.topic());
            if (listener == null) {
                LOG.log(DEBUG, () -> "client " + clientId() + " has no listener for " + message.topic()
                        + "; message " + message.id() + " dropped");
                return;
            }
            dispatcher.execute(() -> listener.onMessage(message));
        }

        @Override
        public void ended(ServerLink l, HeraldException cause, boolean requested) {
            connectionEnded(l, cause, requested);
        }
    }

    private void connectionEnded(ServerLink l, HeraldException cause, boolean requested) {
        synchronized (lock) {
            // Links being established, disconnected or closed are handled by whoever does that.
            if (link != l || requested || state != State.CONNECTED) {
                return;
            }
            link = null;
            stopKeepAlive();
            boolean reconnect = options.autoReconnect() && !endsSession(cause);
            state = reconnect ? State.RECONNECTING : State.DISCONNECTED;
            ConnectionListener listener = options.connectionListener();
            if (listener != null) {
                dispatcher.execute(() -> listener.connectionLost(this, cause));
            }
            event(Event.DISCONNECTED);
            LOG.log(INFO, "client {0} lost its connection to {1}: {2}{3}", clientId(), l.peer(), cause.getMessage(),
                    reconnect ? "; reconnecting" : "");
            if (reconnect) {
                reconnector = Thread.ofVirtual().name("herald-client-" + clientId() + "-reconnect").start(this::reconnectLoop);
            }
        }
    }

    /** Reconnecting could not help: another connection has the session, or the credentials are wrong. */
    private static boolean endsSession(HeraldException cause) {
        return cause.code() != null && switch (cause.code()) {
            case SESSION_TAKEN_OVER, BAD_CREDENTIALS, INVALID_CLIENT_ID -> true;
            default -> false;
        };
    }

    private void reconnectLoop() {
        ReconnectPolicy policy = options.reconnectPolicy();
        for (int attempt = 1; policy.allows(attempt); attempt++) {
            try {
                Thread.sleep(jittered(policy.delay(attempt)));
            } catch (InterruptedException e) {
                return;
            }
            if (!stillReconnecting()) {
                return;
            }
            try {
                Established established = establish(true, State.RECONNECTING);
                LOG.log(INFO, "client {0} reconnected after {1} attempt(s); session {2}", clientId(), attempt,
                        established.start().resumed() ? "resumed" : "new");
                return;
            } catch (HeraldException e) {
                if (!stillReconnecting()) {
                    return;
                }
                int failed = attempt;
                ConnectionListener listener = options.connectionListener();
                if (listener != null) {
                    dispatcher.execute(() -> listener.reconnectFailed(this, failed, e));
                }
                LOG.log(DEBUG, () -> "client " + clientId() + " reconnect attempt " + failed + " failed: " + e.getMessage());
                if (endsSession(e)) {
                    break;
                }
            }
        }
        synchronized (lock) {
            if (state == State.RECONNECTING && reconnector == Thread.currentThread()) {
                state = State.DISCONNECTED;
                reconnector = null;
                event(Event.RECONNECT_ABANDONED);
                LOG.log(WARNING, "client {0} gave up reconnecting to {1}:{2,number,#}", clientId(), options.host(), options.port());
            }
        }
    }

    private boolean stillReconnecting() {
        synchronized (lock) {
            return state == State.RECONNECTING && reconnector == Thread.currentThread();
        }
    }

    private static Duration jittered(Duration delay) {
        long nanos = delay.toNanos();
        return Duration.ofNanos(nanos - ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
    }

    /** Under {@code lock}. */
    private void startKeepAlive(ServerLink l) {
        if (!options.keepAlive().isZero()) {
            keepAlive = KeepAlive.start(l, options.keepAlive(), options.requestTimeout(),
                    () -> request(l, new Request.Ping(), Expect.PONG, null, false, reply -> null, null));
        }
    }

    /** Under {@code lock}. */
    private void stopKeepAlive() {
        if (keepAlive != null) {
            keepAlive.stop();
            keepAlive = null;
        }
    }

    /** Under {@code lock} or where ordering with other events does not matter. */
    private void event(Event event) {
        ConnectionListener listener = options.connectionListener();
        Dispatcher d = dispatcher;
        if (listener != null && d != null) {
            d.execute(() -> listener.connectionEvent(this, event));
        }
    }

    private static String describe(State state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "HeraldClient[" + clientId() + " at " + options.host() + ":" + options.port() + ", " + describe(state) + "]";
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
