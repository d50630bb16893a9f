package dev.herald.broker.client.internal;

import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.broker.client.ClientOptions;
import dev.herald.broker.client.ConnectionException;
import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.broker.client.HeraldClient.State;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.client.SessionStart;
import dev.herald.broker.model.Message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Where a client is in its life, and the moves between: connecting ({@code CONN} for a new
 * session, {@code RECON} to resume one), connected, disconnecting ({@code DISC}, which leaves
 * the session collecting messages offline), losing the connection, reconnecting on its own,
 * and closed. Owns the connection while there is one, the keep-alive that watches it, and
 * the {@link Reconnector} after it is lost; tells the application through {@link Callbacks}.
 *
 * <p>Every move happens under one lock; {@link #state()} and the connection are read
 * without it where a stale value is harmless.
 */
public final class Session {

    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final ClientOptions options;
    private final Subscriptions subscriptions;
    private final Callbacks callbacks;
    private final Requests requests;
    private final ServerLink.Owner linkOwner = new LinkOwner();
    private final Object lock = new Object();
    /** Written under {@code lock}. */
    private volatile State state = State.DISCONNECTED;
    private volatile ServerLink link;
    private Reconnector reconnector;       // guarded by lock
    private KeepAlive keepAlive;           // guarded by lock

    /**
     * @param subscriptions the client's listeners: a new session forgets them, and one the
     *                      server no longer had subscribes their topics again
     * @param callbacks     hears the messages received and the connection's events
     */
    public Session(ClientOptions options, Subscriptions subscriptions, Callbacks callbacks) {
        this.options = Objects.requireNonNull(options, "options");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.requests = new Requests(options.requestTimeout(), callbacks::dispatcher, this::notConnected);
    }

    /** Where the client is now. */
    public State state() {
        return state;
    }

    /**
     * Sends {@code request} on the connection, if the client is connected; else the request
     * fails at once. See {@link Requests#send(ServerLink, Request, boolean, Function, Consumer)}.
     */
    public <T> CompletableFuture<T> request(Request request, boolean ordered,
                                            Function<ServerFrame, T> onReply,
                                            Consumer<HeraldException> onError) {
        ServerLink l = link;
        return requests.send(state == State.CONNECTED ? l : null, request, ordered, onReply, onError);
    }

    /** The failure of a request made while the client is not connected. */
    public ConnectionException notConnected() {
        return new ConnectionException("client " + options.clientId() + " is not connected (" + describe(state) + ")");
    }

    // ---- connecting ----

    /**
     * Connects and sends {@code RECON} when {@code resume}, else {@code CONN} after forgetting
     * the listeners.
     *
     * @throws IllegalStateException when the client is not {@link State#DISCONNECTED}
     * @throws HeraldException       when connecting fails
     */
    public SessionStart open(boolean resume) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("client " + options.clientId() + " is closed");
            }
            if (state != State.DISCONNECTED) {
                throw new IllegalStateException("client " + options.clientId() + " is " + describe(state) + ", not disconnected");
            }
            state = State.CONNECTING;
            callbacks.start("herald-client-" + options.clientId() + "-dispatch");
        }
        if (!resume) {
            subscriptions.clear();
        }
        try {
            return establish(resume, State.CONNECTING);
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
    private SessionStart establish(boolean resume, State during) {
        ServerLink l = ServerLink.open(options.host(), options.port(), options.connectTimeout(), options.tls(),
                options.verifyHostname(), "herald-client-" + options.clientId(), callbacks.dispatcher(), linkOwner);
        synchronized (lock) {
            requireStill(during);
            link = l;
        }
        try {
            Request.Credentials credentials = options.user() == null ? null
                    : new Request.Credentials(options.user(), options.password());
            Request hello = resume ? new Request.Recon(options.clientId(), credentials)
                    : new Request.Conn(options.clientId(), credentials);
            SessionStart start = Requests.await(requests.send(l, hello, true, Session::sessionStart));
            boolean resubscribed = resume && !start.resumed() && resubscribe(l);
            synchronized (lock) {
                requireStill(during);
                if (!l.isOpen()) {
                    throw new ConnectionException("the connection to " + l.peer() + " ended while connecting");
                }
                state = State.CONNECTED;
                startKeepAlive(l);
                if (during == State.RECONNECTING) {
                    reconnector = null;
                    callbacks.event(Event.RECONNECTED);
                    if (resubscribed) {
                        callbacks.event(Event.RESUBSCRIBED);
                    }
                } else {
                    callbacks.event(Event.CONNECTED);
                }
            }
            return start;
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

    /** Under {@code lock}: fails when someone disconnected or closed while connecting. */
    private void requireStill(State during) {
        if (state != during) {
            throw new ConnectionException("client " + options.clientId() + " was " + describe(state) + " while connecting");
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
            subscribes.put(topic, requests.send(l, new Request.Sub(topic), true, Requests::history));
        }
        subscribes.forEach((topic, subscribe) -> {
            try {
                Requests.await(subscribe);
            } catch (ServerErrorException e) {
                LOG.log(WARNING, "client {0} could not subscribe to {1} again and drops its listener: {2}",
                        options.clientId(), topic, e.getMessage());
                subscriptions.remove(topic, subscriptions.get(topic));
            }
        });
        return true;
    }

    // ---- leaving ----

    /**
     * Leaves with {@code DISC} when connected, and stops connecting or reconnecting when that
     * is under way.
     *
     * @return whether the server confirmed with {@code DISC_ACK}
     */
    public boolean disconnect() {
        ServerLink l;
        boolean graceful;
        Reconnector abandoned = null;
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
            release(abandoned, l);
            return false;
        }
        try {
            Requests.await(requests.send(l, new Request.Disc(), true, reply -> null));
            return true;
        } catch (HeraldException e) {
            // The connection ended first: the session is offline all the same.
            LOG.log(DEBUG, () -> "client " + options.clientId() + " got no DISC_ACK: " + e.getMessage());
            return false;
        } finally {
            l.close();
            synchronized (lock) {
                if (link == l) {
                    link = null;
                }
                if (state == State.DISCONNECTING) {
                    state = State.DISCONNECTED;
                    callbacks.event(Event.DISCONNECTED);
                }
            }
        }
    }

    /** Disconnects, then releases the client's threads for good. Idempotent. */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        disconnect();
        ServerLink l;
        Reconnector abandoned;
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
            callbacks.event(Event.CLOSED);
        }
        release(abandoned, l);
        callbacks.stop();
    }

    /** Outside {@code lock}: stops what a disconnect or close left behind; either may be null. */
    private static void release(Reconnector reconnector, ServerLink l) {
        if (reconnector != null) {
            reconnector.cancel();
        }
        if (l != null) {
            l.close();
        }
    }

    // ---- losing the connection, reconnecting ----

    private final class LinkOwner implements ServerLink.Owner {
        @Override
        public void message(Message message) {
            callbacks.message(message);
        }

        @Override
        public void ended(ServerLink l, HeraldException cause, boolean requested) {
            connectionLost(l, cause, requested);
        }
    }

    private void connectionLost(ServerLink l, HeraldException cause, boolean requested) {
        synchronized (lock) {
            // Links being established, disconnected or closed are handled by whoever does that.
            if (link != l || requested || state != State.CONNECTED) {
                return;
            }
            link = null;
            stopKeepAlive();
            boolean reconnect = options.autoReconnect() && Reconnector.canHelp(cause);
            state = reconnect ? State.RECONNECTING : State.DISCONNECTED;
            callbacks.connectionLost(cause);
            callbacks.event(Event.DISCONNECTED);
            LOG.log(INFO, "client {0} lost its connection to {1}: {2}{3}", options.clientId(), l.peer(), cause.getMessage(),
                    reconnect ? "; reconnecting" : "");
            if (reconnect) {
                reconnector = Reconnector.start("herald-client-" + options.clientId() + "-reconnect",
                        options.reconnectPolicy(), new Reconnection());
            }
        }
    }

    /** The session's side of a {@link Reconnector}: each attempt resumes with {@code RECON}. */
    private final class Reconnection implements Reconnector.Target {
        @Override
        public boolean stillWanted(Reconnector r) {
            synchronized (lock) {
                return state == State.RECONNECTING && reconnector == r;
            }
        }

        @Override
        public void attempt(Reconnector r, int attempt) {
            SessionStart start = establish(true, State.RECONNECTING);
            LOG.log(INFO, "client {0} reconnected after {1} attempt(s); session {2}", options.clientId(), attempt,
                    start.resumed() ? "resumed" : "new");
        }

        @Override
        public void attemptFailed(int attempt, HeraldException cause) {
            callbacks.reconnectFailed(attempt, cause);
            LOG.log(DEBUG, () -> "client " + options.clientId() + " reconnect attempt " + attempt + " failed: "
                    + cause.getMessage());
        }

        @Override
        public void gaveUp(Reconnector r) {
            synchronized (lock) {
                if (state == State.RECONNECTING && reconnector == r) {
                    state = State.DISCONNECTED;
                    reconnector = null;
                    callbacks.event(Event.RECONNECT_ABANDONED);
                    LOG.log(WARNING, "client {0} gave up reconnecting to {1}:{2,number,#}", options.clientId(),
                            options.host(), options.port());
                }
            }
        }
    }

    // ---- keep-alive ----

    /** Under {@code lock}. */
    private void startKeepAlive(ServerLink l) {
        if (!options.keepAlive().isZero()) {
            keepAlive = KeepAlive.start(l, options.keepAlive(), options.requestTimeout(),
                    () -> requests.send(l, new Request.Ping(), false, reply -> null));
        }
    }

    /** Under {@code lock}. */
    private void stopKeepAlive() {
        if (keepAlive != null) {
            keepAlive.stop();
            keepAlive = null;
        }
    }

    /** A state as messages name it. */
    public static String describe(State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
