package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The engine: sessions, routing, retained history and offline queues (through the store),
 * and the limits. It knows nothing of sockets beyond the byte streams a transport hands it.
 * It accepts connections and hands their requests to the part that does the work:
 * {@link Access} checks them, {@link Sessions} changes the sessions, {@link Publishing}
 * stores and delivers the messages; {@link Sweeper} does the background work and
 * {@link Figures} reads what the operators see. Its public methods are the boundary the
 * protocols and the server use.
 */
public final class Broker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Broker.class.getName());

    private final BrokerConfig config;
    private final Store store;
    private final MessageStore messages;
    private final Access access;
    private final Admission admission;
    private final Sessions sessions;
    private final Publishing publishing;
    private final Sweeper sweeper;
    private final Figures figures;
    private final Routing routing;
    private final BrokerMetrics metrics;
    final BrokerStats stats = new BrokerStats();
    private final Set<Link> connections = ConcurrentHashMap.newKeySet();
    /** Connections counted against the limit: from accept until their socket is closed. */
    private final AtomicInteger connectionCount = new AtomicInteger();
    /** Connection threads still running; shutdown waits for them before closing the store. */
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong();
    /** The server's own {@code $} topics that exist: those it publishes. */
    private final ServerTopics serverTopics;
    private volatile boolean closed;

    /**
     * Creates the engine over an open store and loads its sessions: every session that was
     * online when the broker last stopped is offline now.
     */
    public Broker(BrokerConfig config, Store store) {
        this(config, store, BrokerMetrics.NONE);
    }

    /** An engine that reports to {@code metrics} too; it is bound to the engine here. */
    public Broker(BrokerConfig config, Store store, BrokerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.routing = new Routing(metrics::topicAdded);
        this.store = store;
        this.messages = store.messages();
        this.serverTopics = config.sysInterval().isZero() ? ServerTopics.NONE : ServerTopics.SYS;
        LoginThrottle throttle = new LoginThrottle(config.clock());
        this.access = new Access(config, routing, serverTopics, throttle, stats);
        this.sessions = new Sessions(config, routing, messages, store.subscriptions(), access, stats);
        this.publishing = new Publishing(config, routing, messages, store.durable(), serverTopics, access, sessions,
                metrics, stats);
        sessions.handOverTo(publishing::handOver);
        this.figures = new Figures(routing, sessions, store, stats);
        this.admission = new Admission(config.security().connectTimeout(), config.security().maxUnauthenticatedPerAddress());
        metrics.bind(this);
        loadSessions();
        this.sweeper = new Sweeper(config, connections, sessions, messages, admission, throttle, stats);
    }

    private void loadSessions() {
        // topics published before a restart, so that a wildcard subscription replays them
        messages.topics().forEach(name -> routing.create(name).markPublished()); // they have a history
        config.topics().names().forEach(routing::create);
        serverTopics.names().forEach(routing::create);
        sessions.load();
    }

    long now() {
        return config.clock().millis();
    }

    /** The engine's options. */
    public BrokerConfig config() {
        return config;
    }

    /** Takes over an accepted connection and serves it on a virtual thread of its own, in the given protocol. */
    public void accept(Connection connection, Protocol protocol) {
        long id = connectionIds.incrementAndGet();
        int count = connectionCount.incrementAndGet();
        readers.incrementAndGet();
        stats.connectionsOpened.increment();
        Thread.ofVirtual().name("herald-connection-" + id).start(() -> {
            Admission.Pending pending = admission.admit(connection, now());
            try {
                if (closed || count > config.maxConnections()) {
                    refuse(connection, protocol, "connection limit of " + config.maxConnections() + " reached");
                    connectionCount.decrementAndGet();
                    return;
                }
                if (!pending.placed()) {
                    refuse(connection, protocol, "too many connections from " + connection.remoteHost()
                            + " have not logged in yet (limit " + admission.maxPerAddress() + ")");
                    connectionCount.decrementAndGet();
                    return;
                }
                Connection served = protocol.open(stats.counted(connection));
                if (served == null) {
                    connection.close();
                    connectionCount.decrementAndGet();
                    return;
                }
                pending.served(served);
                Link client = new Link(id, served, this, served.output(), protocol.newWire(), config.outboundBuffer(), pending);
                connections.add(client);
                LOG.log(DEBUG, () -> client.describe() + " accepted");
                protocol.serve(client, served.input());
            } catch (IOException e) {
                LOG.log(DEBUG, () -> "connection " + id + " failed: " + e.getMessage());
                connection.close();
                connectionCount.decrementAndGet();
            } finally {
                pending.done();
                if (readers.decrementAndGet() == 0) {
                    synchronized (readers) {
                        readers.notifyAll();
                    }
                }
            }
        });
    }

    /** Called once when a connection's socket is closed. */
    void connectionClosed(Link client) {
        if (connections.remove(client)) {
            connectionCount.decrementAndGet();
        }
    }

    private void refuse(Connection connection, Protocol protocol, String why) {
        stats.connectionsRefused.increment();
        LOG.log(WARNING, () -> "refusing connection from " + connection.remoteAddress() + ": " + why);
        try {
            byte[] refusal = protocol.refusal(why);
            if (refusal != null) {
                OutputStream out = connection.output();
                out.write(refusal);
                out.flush();
            }
        } catch (IOException e) {
            LOG.log(DEBUG, () -> "could not tell " + connection.remoteAddress() + " the server is busy: " + e.getMessage());
        } finally {
            connection.close();
        }
    }

    // ---- checks done before a request reaches the session state ----

    /**
     * The authenticated user, or null when the server requires no authentication: see
     * {@link Access#authenticate}.
     *
     * @throws ProtocolException BAD_CREDENTIALS
     */
    public String authenticate(String user, String password, Link client) throws ProtocolException {
        return access.authenticate(user, password, client);
    }

    /**
     * The topic of a {@code PUB}, checked: see {@link Access#checkTopic}.
     *
     * @throws ProtocolException MALFORMED, UNKNOWN_TOPIC or NOT_AUTHORIZED
     */
    public Topic checkTopic(String name, String user) throws ProtocolException {
        return access.checkTopic(name, user);
    }

    /**
     * The topic filter of a {@code SUB} or {@code UNSUB}, checked: see {@link Access#checkFilter}.
     *
     * @param access null when only the filter itself matters ({@code UNSUB})
     * @throws ProtocolException MALFORMED, UNKNOWN_TOPIC or NOT_AUTHORIZED
     */
    public TopicFilter checkFilter(String text, String user, Users.Access access) throws ProtocolException {
        return this.access.checkFilter(text, user, access);
    }

    // ---- session changes, made by Sessions ----

    /**
     * {@code CONN}: a new session, discarding any of the id: see {@link Sessions#connect}.
     *
     * @throws ProtocolException NOT_AUTHORIZED when the id's session belongs to another user
     */
    public void connect(Link client, String clientId, String user, byte[] ack, boolean ephemeral) throws ProtocolException {
        sessions.connect(client, clientId, user, ack, ephemeral);
    }

    /**
     * {@code RECON}: see {@link Sessions#resume}.
     *
     * @return whether a session was resumed
     */
    public boolean resume(Link client, String clientId, String user, IntFunction<byte[]> resumed, byte[] started)
            throws ProtocolException {
        return sessions.resume(client, clientId, user, resumed, started);
    }

    /** Subscribes the connection's session to filters, each with its QoS: see {@link Sessions#subscribe}. */
    public void subscribe(Link client, List<TopicFilter> filters, int[] qos, boolean retained, IntFunction<byte[]> header) {
        sessions.subscribe(client, filters, qos, retained, header);
    }

    /**
     * Subscribes to filters, replaying each one's retained messages as its Retain Handling
     * says: see {@link Sessions#subscribe(Link, List, int[], boolean, int[], IntFunction)}.
     */
    public void subscribe(Link client, List<TopicFilter> filters, int[] qos, int[] retainHandling, IntFunction<byte[]> header) {
        sessions.subscribe(client, filters, qos, true, retainHandling, header);
    }

    /**
     * Sets how long the connection's session lives offline, in milliseconds: 0 ends it with
     * the connection (MQTT 5.0's Session Expiry Interval 0), a negative value restores
     * {@code broker.session.expiry}. See {@link Sessions#expiry}.
     */
    public void sessionExpiry(Link client, long millis) {
        sessions.expiry(client, millis);
    }

    /** {@code UNSUB} of filters, then the ack: see {@link Sessions#unsubscribe}. */
    public void unsubscribe(Link client, List<TopicFilter> filters, byte[] ack) {
        sessions.unsubscribe(client, filters, ack);
    }

    /** {@code DISC}: see {@link Sessions#disconnect}. */
    public void disconnect(Link client, byte[] lastFrame) {
        sessions.disconnect(client, lastFrame);
    }

    /**
     * Runs {@code task} once {@code delayMillis} have passed on the engine's clock (within a
     * quarter second), on the engine's background thread: MQTT 5.0's delayed wills.
     */
    public void later(long delayMillis, Runnable task) {
        sweeper.at(now() + delayMillis, task);
    }

    /** Called when a connection's outgoing data goes over its bound: see {@link Sessions#overBound}. */
    void overBound(Link client) {
        sessions.overBound(client);
    }

    /** Called once by a connection's reader when it stops reading: see {@link Sessions#connectionEnded}. */
    void connectionEnded(Link client) {
        sessions.connectionEnded(client);
    }

    // ---- publishing, done by Publishing ----

    /** A client's publish to a checked topic: see {@link Publishing#publish(Link, Topic, Topic.PendingPublish)}. */
    void publish(Link publisher, Topic topic, Topic.PendingPublish pending) {
        publishing.publish(publisher, topic, pending);
    }

    /**
     * Publishes a message on behalf of the server itself (its {@code $} topics, the admin
     * API): see {@link Publishing#publish(String, String)}.
     *
     * @return the stored message, or a failure: UNKNOWN_TOPIC, or the store's
     */
    public CompletableFuture<Message> publish(String topicName, String payload) {
        return publishing.publish(topicName, payload);
    }

    /**
     * Publishes a message the server sends on a client's behalf (an MQTT will): see
     * {@link Publishing#publish(String, byte[], int, boolean, byte[], long)}.
     */
    public CompletableFuture<Message> publish(String topicName, byte[] payload, int qos, boolean retain) {
        return publish(topicName, payload, qos, retain, new byte[0], Message.NEVER_EXPIRES);
    }

    /** {@link #publish(String, byte[], int, boolean)} with a properties block and an expiry time (epoch ms, or 0 for never). */
    public CompletableFuture<Message> publish(String topicName, byte[] payload, int qos, boolean retain, byte[] properties,
                                              long expiresAt) {
        return publishing.publish(topicName, payload, qos, retain, properties, expiresAt);
    }

    /** Whether any session, online or offline, is subscribed to this topic. */
    public boolean hasSubscribers(String topicName) {
        return publishing.hasSubscribers(topicName);
    }

    /** Drains a topic on this thread unless another thread is draining it already. */
    void drainNow(Topic topic) {
        publishing.drainNow(topic);
    }

    // ---- for the $SYS topics, the metrics and the admin API ----

    /** What the {@code $SYS} topics, the metrics and the admin API read. */
    Figures figures() {
        return figures;
    }

    /** Connections being served. */
    public int connectionCount() {
        return connections.size();
    }

    /** Every connection being served, in no particular order. */
    Collection<Link> connections() {
        return connections;
    }

    /** Closes the connection of an online session, which goes offline: see {@link Sessions#disconnectSession}. */
    boolean disconnectSession(String clientId) {
        return sessions.disconnectSession(clientId);
    }

    /** Deletes an offline session: see {@link Sessions#deleteSession}. */
    Sessions.Deletion deleteSession(String clientId) {
        return sessions.deleteSession(clientId);
    }

    /** Whether a user of the users file is an admin: see {@link Access#admin}. */
    boolean admin(String user, String password) {
        return access.admin(user, password);
    }

    /** Whether the server requires authentication (it has a users file). */
    boolean authenticates() {
        return access.authenticates();
    }

    private void awaitReadersEnded(long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (readers) {
            long left;
            while (readers.get() > 0 && (left = deadline - System.currentTimeMillis()) > 0) {
                try {
                    readers.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Closes every connection (their sessions go offline, keeping what was not written),
     * stops the background work and closes the store.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Link c : connections) {
            sessions.closeOffline(c);
        }
        awaitReadersEnded(TimeUnit.SECONDS.toMillis(5));
        sweeper.close();
        metrics.close();
        store.close();
    }
}
