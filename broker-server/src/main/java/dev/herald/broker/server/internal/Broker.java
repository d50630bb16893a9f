package dev.herald.broker.server.internal;

import dev.herald.broker.api.Durations;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.Message;
import dev.herald.broker.api.TopicFilter;
import dev.herald.broker.api.ProtocolException;
import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.SessionRecord;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.SubscriptionStore;
import dev.herald.broker.api.wire.Escaping;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The engine: sessions, routing, retained history and offline queues (through the store),
 * and the limits. It knows nothing of sockets beyond the byte streams a transport hands it.
 *
 * <h2>Consistency</h2>
 * Each topic's drainer stores a batch of publishes and offers it to the online subscribers
 * under the topic's lock. A session's presence (online on a connection, or offline and
 * collecting messages in its queue) and its routing change under the locks of the topics it
 * is routed to, and only there. So a message reaches every subscriber exactly once: live if
 * the session was online when the batch was stored, else through its offline queue. No
 * store I/O happens under a lock that another client's requests or another topic's
 * publishes need: a {@code SUB} or {@code RECON} puts the connection online with its live
 * messages held back, reads the history or drains the queue, and then writes the replay in
 * front of what was held, so that no live message overtakes or repeats it.
 */
public final class Broker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Broker.class.getName());
    /** Publishes stored with one append. */
    private static final int DRAIN_BATCH = 512;
    /**
     * A durable store commits each append once, and the commit's fixed work (the sync, the
     * history trim, which touches at most the retained bound's rows) is shared by the whole
     * batch: under load, larger batches keep the store's work per message low.
     */
    private static final int DURABLE_DRAIN_BATCH = 32_768;
    private static final long IDLE_CHECK_MS = 250;
    private static final long EXPIRY_SWEEP_MS = 5_000;
    private static final int PURGE_BATCH = 1_000;
    private static final int PURGE_BATCHES_PER_SWEEP = 10;

    private final BrokerConfig config;
    private final Store store;
    private final boolean durable;
    private final int drainBatch;
    private final MessageStore messages;
    private final SubscriptionStore subscriptions;
    private final Access access;
    private final LoginThrottle throttle;
    private final Admission admission;
    /** Striped locks, one taken per client id for the changes of its session. */
    private final ReentrantLock[] idLocks = new ReentrantLock[64];
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Sessions by who made them (see holderOf), for broker.max-sessions-per-user. */
    private final Map<String, Integer> holders = new ConcurrentHashMap<>();
    private final Routing routing;
    private final BrokerMetrics metrics;
    final BrokerStats stats = new BrokerStats();
    private final Set<Link> connections = ConcurrentHashMap.newKeySet();
    /** Connections counted against the limit: from accept until their socket is closed. */
    private final AtomicInteger connectionCount = new AtomicInteger();
    /** Connection threads still running; shutdown waits for them before closing the store. */
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    /** The server's own {@code $} topics that exist: those it publishes. */
    private final ServerTopics serverTopics;
    private final QueueDepths queueDepths;
    private final Protocol lineProtocol;
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
        this.lineProtocol = LineProtocol.protocol(config.maxFrame());
        this.routing = new Routing(metrics::topicAdded);
        this.store = store;
        this.durable = store.durable();
        this.drainBatch = durable ? DURABLE_DRAIN_BATCH : DRAIN_BATCH;
        this.messages = store.messages();
        this.subscriptions = store.subscriptions();
        this.queueDepths = new QueueDepths(messages::queueDepths);
        this.serverTopics = config.sysInterval().isZero() ? ServerTopics.NONE : ServerTopics.SYS;
        this.throttle = new LoginThrottle(config.clock());
        this.access = new Access(config, routing, serverTopics, throttle, stats);
        for (int i = 0; i < idLocks.length; i++) {
            idLocks[i] = new ReentrantLock();
        }
        this.admission = new Admission(config.security().connectTimeout(), config.security().maxUnauthenticatedPerAddress());
        metrics.bind(this);
        loadSessions();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("herald-sweeper").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(this::closeIdleConnections, IDLE_CHECK_MS, IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::sweepExpired, EXPIRY_SWEEP_MS, EXPIRY_SWEEP_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> admission.closeLate(now()), IDLE_CHECK_MS, IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> throttle.sweep(now()), LoginThrottle.LOG_INTERVAL_MS, LoginThrottle.LOG_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    private void loadSessions() {
        // topics published before a restart, so that a wildcard subscription replays them
        messages.topics().forEach(name -> routing.create(name).markPublished()); // they have a history
        config.topics().names().forEach(routing::create);
        serverTopics.names().forEach(routing::create);
        long now = now();
        for (SessionRecord record : subscriptions.all()) {
            Session session = new Session(record.clientId(), record.owner(), record.online() ? now : record.offlineSince());
            if (record.owner() != null) {
                session.holder = "user " + record.owner();
                holders.merge(session.holder, 1, Integer::sum);
            }
            if (record.online()) {
                subscriptions.markOffline(record.clientId(), now);
            }
            for (String filter : record.topics()) {
                routing.add(session, TopicFilter.parse(filter));
                session.qos.put(filter, record.qos(filter));
            }
            sessions.put(record.clientId(), session);
        }
        if (!sessions.isEmpty()) {
            LOG.log(INFO, "loaded {0} stored sessions, all offline", sessions.size());
        }
    }

    long now() {
        return config.clock().millis();
    }

    /** The line protocol, served by this engine. */
    public Protocol lineProtocol() {
        return lineProtocol;
    }

    /** The engine's options. */
    public BrokerConfig config() {
        return config;
    }

    /** Takes over an accepted connection of the line protocol and serves it on a virtual thread of its own. */
    public void accept(Connection connection) {
        accept(connection, lineProtocol);
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
                java.io.InputStream in = stats.counted(connection.input());
                OutputStream out = stats.counted(connection.output());
                Link client = new Link(id, connection, this, out, protocol.newWire(), config.outboundBuffer(), pending);
                connections.add(client);
                LOG.log(DEBUG, () -> client.describe() + " accepted");
                protocol.serve(client, in);
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

    // ---- session changes ----
    //
    // A change of one client id's session runs under that id's lock, so changes of one id
    // happen one at a time and those of different ids at once. The part that must not
    // overlap a topic's delivery (who is online where, who is routed where) runs in
    // exclusive(), under the locks of the topics concerned, and does no store I/O: the store
    // calls come before it (so that a failure changes nothing) or after it, with the
    // connection's outbound holding live messages back until the replay is in front of them.

    private ReentrantLock idLock(String clientId) {
        return idLocks[Math.floorMod(clientId.hashCode(), idLocks.length)];
    }

    /**
     * Runs a change while no drainer stores or delivers to the topics the sessions are routed
     * to, nor to the {@code more} topics; no topic is made meanwhile.
     */
    private <T> T exclusive(List<Session> sessions, Function<Routing, Collection<Topic>> more, Supplier<T> change) {
        routing.lock();
        List<Topic> locked = new ArrayList<>();
        try {
            TreeSet<Topic> topics = new TreeSet<>(Topic.ORDER);
            for (Session s : sessions) {
                topics.addAll(routing.topicsOf(s));
            }
            topics.addAll(more.apply(routing));
            for (Topic topic : topics) {
                topic.lock.lock();
                locked.add(topic);
            }
            return change.get();
        } finally {
            for (int i = locked.size() - 1; i >= 0; i--) {
                locked.get(i).lock.unlock();
            }
            routing.unlock();
        }
    }

    private void exclusive(List<Session> sessions, Runnable change) {
        exclusive(sessions, r -> List.of(), () -> {
            change.run();
            return null;
        });
    }

    /**
     * {@code CONN}: a new session, discarding any of the id, taken over from its connection if it is online.
     *
     * @param user      the authenticated user, or null on a server without users
     * @param ack       the reply that the session started
     * @param ephemeral whether the session ends with the connection (an MQTT clean session)
     * @throws ProtocolException NOT_AUTHORIZED when the id's session belongs to another user
     */
    public void connect(Link client, String clientId, String user, byte[] ack, boolean ephemeral) throws ProtocolException {
        ReentrantLock lock = idLock(clientId);
        lock.lock();
        try {
            Session old = sessions.get(clientId);
            checkOwner(old, clientId, user);
            checkRoomForSession(client, user, old);
            if (old != null) {
                exclusive(List.of(old), () -> {
                    if (old.connection != null) {
                        takeOver(old); // what it had not written is discarded with it
                    }
                    discard(old);
                });
            }
            startNew(client, clientId, user, ack, ephemeral);
        } finally {
            lock.unlock();
        }
        LOG.log(INFO, "session {0} started on {1}", clientId, client.describe());
    }

    /** {@code CONN} of a session that outlives its connection. */
    void connect(Link client, String clientId, String user, byte[] ack) throws ProtocolException {
        connect(client, clientId, user, ack, false);
    }

    /**
     * With users, a client id is its session's: another user may neither take the session
     * over nor replace it. Checked before anything changes.
     */
    private void checkOwner(Session session, String clientId, String user) throws ProtocolException {
        if (access.authenticates() && session != null && session.owner != null && !session.owner.equals(user)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "the client id " + clientId
                    + " belongs to another user's session");
        }
    }

    /**
     * Who a new session counts against for {@code broker.max-sessions-per-user}: its user, or
     * on a server without users the address it comes from.
     */
    private static String holderOf(Link client, String user) {
        return user != null ? "user " + user : "address " + client.connection.remoteHost();
    }

    /** A new session (not one replacing {@code old} of the same holder) must stay within the holder's bound. */
    private void checkRoomForSession(Link client, String user, Session old) throws ProtocolException {
        String holder = holderOf(client, user);
        if (old != null && !old.discarded && holder.equals(old.holder)) {
            return;
        }
        int max = config.security().maxSessionsPerUser();
        if (holders.getOrDefault(holder, 0) >= max) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "the " + holder + " holds " + max
                    + " sessions already, the most one may (end one with CONN and DISC of its id, or let it expire)");
        }
    }

    /** Stores a new session (discarding any of the id) and puts it online; under the id's lock. */
    private void startNew(Link client, String clientId, String user, byte[] ack, boolean ephemeral) {
        subscriptions.create(clientId, user);
        Session session = new Session(clientId, user, -1);
        session.ephemeral = ephemeral;
        session.holder = holderOf(client, user);
        holders.merge(session.holder, 1, Integer::sum);
        session.connection = client;
        sessions.put(clientId, session);
        client.session = session;
        client.reply(ack);
    }

    /**
     * {@code RECON}. Every store call that can fail comes before anything changes, or leaves
     * the messages where they were: a failure answers {@code ERR STORE_UNAVAILABLE} and the
     * session keeps its queue (and, on a take-over, its old connection).
     *
     * @param resumed the reply that the session resumed, given the number of queued messages replayed after it
     * @param started the reply that a new session started, when there was none to resume
     * @return whether a session was resumed
     */
    public boolean resume(Link client, String clientId, String user, IntFunction<byte[]> resumed, byte[] started)
            throws ProtocolException {
        ReentrantLock lock = idLock(clientId);
        lock.lock();
        int count;
        try {
            Session session = sessions.get(clientId);
            long now = now();
            if (session != null && !session.online()
                    && now - session.offlineSince >= config.sessionExpiry().toMillis()) {
                expireNow(session); // an expired session is nobody's any more
                session = null;
            }
            checkOwner(session, clientId, user);
            if (session == null) {
                checkRoomForSession(client, user, null);
                startNew(client, clientId, user, started, false);
                count = -1;
            } else {
                session.ephemeral = false;
                count = resumeExisting(client, session, now - config.offlineTtl().toMillis() + 1, resumed);
            }
        } finally {
            lock.unlock();
        }
        if (count >= 0) {
            LOG.log(INFO, "session {0} resumed on {1} with {2} queued messages", clientId, client.describe(), count);
        } else {
            LOG.log(INFO, "session {0} started on {1} (nothing to resume)", clientId, client.describe());
        }
        return count >= 0;
    }

    private int resumeExisting(Link client, Session session, long notBefore, IntFunction<byte[]> resumed) {
        String clientId = session.clientId;
        List<Message> queued;
        List<Message> unwritten;
        if (session.connection != null) {
            queued = messages.drainQueue(clientId, notBefore);
            unwritten = exclusive(List.of(session), r -> List.of(), () -> {
                List<Message> taken = takeOver(session);
                attach(client, session);
                return taken;
            });
        } else {
            subscriptions.markOnline(clientId);
            long offlineSince = session.offlineSince;
            exclusive(List.of(session), () -> attach(client, session));
            try {
                queued = messages.drainQueue(clientId, notBefore);
            } catch (RuntimeException e) {
                List<Message> held = exclusive(List.of(session), r -> List.of(), () -> {
                    session.connection = null;
                    session.offlineSince = offlineSince;
                    client.session = null;
                    return client.outbound.cancelHold();
                });
                queueOffline(session, held);
                markOffline(clientId, offlineSince);
                throw e;
            }
            unwritten = List.of();
        }
        List<Message> replay = Replay.merge(notBefore, queued, unwritten, session.takeUnqueued());
        int replayed = client.outbound.release(resumed, replay, m -> client.wire.replayed(session, m, false));
        // the server's own messages are left out of the count (at worst one replayed live instead is counted)
        stats.replayed.add(Math.max(0, replayed - replay.stream().filter(m -> m.topic().startsWith("$")).count()));
        return replayed;
    }

    /** Puts a session online on a connection whose outbound holds live messages back until the replay. */
    private static void attach(Link client, Session session) {
        client.outbound.hold();
        session.connection = client;
        session.offlineSince = -1;
        client.session = session;
    }

    /**
     * Moves a session off its current connection, which is told and closed; returns the
     * messages that connection had not written yet, oldest first. In exclusive().
     */
    private List<Message> takeOver(Session session) {
        Link old = session.connection;
        List<Message> undelivered = old.outbound.takeUndelivered(false);
        session.connection = null;
        session.offlineSince = now();
        old.session = null;
        old.outbound.lastFrame(old.wire.takenOver(session.clientId));
        LOG.log(INFO, "session {0} taken over from {1}", session.clientId, old.describe());
        return undelivered;
    }

    /** Forgets a session whose stored state is gone: no routing, and no delivery in progress reaches it. In exclusive(). */
    private void discard(Session session) {
        session.discarded = true;
        if (session.holder != null) {
            holders.computeIfPresent(session.holder, (h, n) -> n > 1 ? n - 1 : null);
        }
        routing.drop(session);
        sessions.remove(session.clientId, session);
    }

    /** Forgets an expired session, then deletes it from the store; under its id's lock. */
    private void expireNow(Session session) {
        deleteNow(session);
        LOG.log(INFO, "session {0} expired", session.clientId);
    }

    /** Forgets an offline session, then deletes it from the store; under its id's lock. */
    private void deleteNow(Session session) {
        exclusive(List.of(session), () -> discard(session));
        subscriptions.delete(session.clientId);
    }

    /**
     * {@code SUB}: the retained history of every topic the filter matches, merged in id order
     * and cut to the newest {@code retained.max}, follows the ack; live messages of its topics
     * follow the history, each once.
     */
    void subscribe(Link client, TopicFilter filter) {
        subscribe(client, List.of(filter), new int[] {1}, false,
                n -> Frames.line("SUB_ACK " + filter.text() + " " + n));
    }

    /**
     * Subscribes the connection's session to filters, each with its QoS, and replays after
     * the ack what the protocol asks for: the history of the (one) filter's topics, or the
     * retained messages of every filter's topics. Live messages of their topics follow the
     * replay, each once. Nothing happens without a session.
     *
     * @param qos      the QoS of each filter (1 for the line protocol)
     * @param retained whether to replay the MQTT retained messages instead of the history
     * @param header   the ack, given the number of messages replayed after it
     */
    public void subscribe(Link client, List<TopicFilter> filters, int[] qos, boolean retained, IntFunction<byte[]> header) {
        underIdLock(client, session -> {
            List<TopicFilter> added = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                TopicFilter filter = filters.get(i);
                subscriptions.subscribe(session.clientId, filter.text(), qos[i]);
                if (!session.filters.containsKey(filter.text())) {
                    added.add(filter);
                }
            }
            exclusive(List.of(), r -> {
                List<Topic> topics = new ArrayList<>();
                for (TopicFilter f : filters) {
                    topics.addAll(r.matching(f));
                }
                return topics;
            }, () -> {
                for (int i = 0; i < filters.size(); i++) {
                    routing.add(session, filters.get(i));
                    session.qos.put(filters.get(i).text(), qos[i]);
                }
                client.outbound.hold();
                return null;
            });
            List<Message> replay;
            try {
                replay = retained ? retainedMessages(filters) : history(filters.getFirst());
            } catch (RuntimeException e) {
                exclusive(List.of(session), () -> {
                    for (TopicFilter f : added) {
                        routing.remove(session, f.text());
                        session.qos.remove(f.text());
                    }
                });
                for (TopicFilter f : added) {
                    unsubscribeQuietly(session.clientId, f.text());
                }
                client.outbound.release(null, List.of(), m -> null);
                throw e;
            }
            int replayed = client.outbound.release(header, replay, m -> client.wire.replayed(session, m, retained));
            if (filters.stream().noneMatch(f -> f.text().startsWith("$"))) { // only a filter that starts with $ matches the server's topics
                stats.replayed.add(replayed);
            }
        });
    }

    /** The retained messages of the topics the filters match, in id order, each once. */
    private List<Message> retainedMessages(List<TopicFilter> filters) {
        List<Message> all = new ArrayList<>();
        for (TopicFilter f : filters) {
            all.addAll(messages.retained(f));
        }
        return Replay.merge(Long.MIN_VALUE, all);
    }

    private void unsubscribeQuietly(String clientId, String filter) {
        try {
            subscriptions.unsubscribe(clientId, filter);
        } catch (RuntimeException e) {
            LOG.log(ERROR, "could not take back the subscription " + filter + " of session " + clientId + ": " + e.getMessage(), e);
        }
    }

    /** The history a filter replays: its topics', merged in id order, the newest retained.max. */
    private List<Message> history(TopicFilter filter) {
        List<Topic> matched;
        routing.lock();
        try {
            matched = routing.matching(filter);
        } finally {
            routing.unlock();
        }
        if (matched.size() == 1) {
            return history(matched.getFirst());
        }
        List<Message> all = new ArrayList<>();
        for (Topic topic : matched) {
            all.addAll(history(topic));
        }
        all.sort(java.util.Comparator.comparingLong(Message::id));
        return all.size() <= config.retainedMax() ? all : all.subList(all.size() - config.retainedMax(), all.size());
    }

    /** A topic's history; of the server's own topics only the latest message, their current value. */
    private List<Message> history(Topic topic) {
        List<Message> history = messages.history(topic.name);
        return topic.serverOwned() && history.size() > 1 ? history.subList(history.size() - 1, history.size()) : history;
    }

    void unsubscribe(Link client, TopicFilter filter) {
        unsubscribe(client, List.of(filter), Frames.line("UNSUB_ACK " + filter.text()));
    }

    /** Removes subscriptions of the connection's session (those it has), then sends the ack. */
    public void unsubscribe(Link client, List<TopicFilter> filters, byte[] ack) {
        underIdLock(client, session -> {
            for (TopicFilter filter : filters) {
                subscriptions.unsubscribe(session.clientId, filter.text());
                exclusive(List.of(session), () -> {
                    routing.remove(session, filter.text());
                    session.qos.remove(filter.text());
                });
            }
            client.reply(ack);
        });
    }

    /** Runs a change of the connection's session under its client id's lock; nothing if it has none. */
    private void underIdLock(Link client, java.util.function.Consumer<Session> change) {
        Session session = client.session;
        if (session == null) {
            return;
        }
        ReentrantLock lock = idLock(session.clientId);
        lock.lock();
        try {
            change.accept(session);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code DISC}: what is queued is still written, then the last frame, then the close. An
     * ephemeral session ends here.
     *
     * @param lastFrame the ack ({@code DISC_ACK}), or null for none
     */
    public void disconnect(Link client, byte[] lastFrame) {
        Session session = client.session;
        if (session == null) {
            return;
        }
        ReentrantLock lock = idLock(session.clientId);
        lock.lock();
        try {
            long now = now();
            exclusive(List.of(session), () -> {
                session.connection = null;
                session.offlineSince = now;
                client.session = null;
                client.outbound.lastFrame(lastFrame);
            });
            if (session.ephemeral) {
                deleteNow(session);
            } else {
                markOffline(session.clientId, now);
            }
        } finally {
            lock.unlock();
        }
        LOG.log(INFO, "session {0} disconnected", session.clientId);
    }

    /**
     * Called from a producer's thread when a connection's outgoing data goes over its bound.
     * With a slow-consumer timeout of zero it is cut off at once; else the sweeper cuts it off
     * if it is still over when the timeout has passed.
     */
    void overBound(Link client) {
        if (config.slowConsumerTimeout().isZero()) {
            Thread.ofVirtual().name("herald-slow-consumer").start(() -> cutOff(client));
        }
    }

    /** Cuts a slow consumer off: its session goes offline with what it had not written, then the close. */
    private void cutOff(Link client) {
        if (!client.markCutOff()) {
            return;
        }
        stats.slowConsumerCutOffs.increment();
        String clientId = goOffline(client, false);
        LOG.log(WARNING, "{0} is a slow consumer (over {1} bytes unwritten for {2}); closing it, session {3} offline",
                client.describe(), config.outboundBuffer(), Durations.format(config.slowConsumerTimeout()), clientId);
        client.outbound.lastFrame(client.wire.slowConsumer("more than " + config.outboundBuffer()
                + " bytes waiting to be written for " + Durations.format(config.slowConsumerTimeout()) + "; closing"));
    }

    /**
     * Called once by a connection's reader when it stops reading, for any reason. The
     * socket is closed once what is queued is written, replays announced by queued replies
     * included, unless reading failed (the socket is then gone, and the replayed messages go
     * back to the offline queue); a client that does not read it is closed by the idle timeout.
     */
    void connectionEnded(Link client) {
        String clientId = goOffline(client, !client.readFailed());
        client.outbound.closeWhenFlushed();
        if (clientId != null) {
            LOG.log(INFO, "session {0} offline: {1} closed", clientId, client.describe());
        } else {
            LOG.log(DEBUG, () -> client.describe() + " closed");
        }
    }

    /**
     * Takes a connection's session offline, keeping what was not written; returns its id or
     * null. With {@code keepReplays}, replayed messages stay queued to be written (see
     * {@link Outbound#takeUndelivered(boolean)}).
     */
    private String goOffline(Link client, boolean keepReplays) {
        Session session = client.session;
        if (session == null) {
            return null;
        }
        ReentrantLock lock = idLock(session.clientId);
        lock.lock();
        try {
            long now = now();
            List<Message> undelivered = exclusive(List.of(session), r -> List.of(), () -> {
                if (client.session != session || session.connection != client) {
                    return null;
                }
                List<Message> taken = client.outbound.takeUndelivered(keepReplays);
                List<Message> unacknowledged = client.wire.unacknowledged();
                if (!unacknowledged.isEmpty()) {
                    taken = Replay.merge(Long.MIN_VALUE, taken, unacknowledged);
                }
                session.connection = null;
                session.offlineSince = now;
                client.session = null;
                return taken;
            });
            if (undelivered == null) {
                return null;
            }
            if (session.ephemeral) {
                deleteNow(session);
                return session.clientId;
            }
            queueOffline(session, undelivered);
            markOffline(session.clientId, now);
            return session.clientId;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts messages in an offline session's queue; if the store fails, the session keeps them
     * in memory for its next {@code RECON}, so nothing is lost while the broker runs.
     */
    private void queueOffline(Session session, List<Message> undelivered) {
        if (undelivered.isEmpty()) {
            return;
        }
        try {
            messages.enqueue(session.clientId, undelivered);
        } catch (RuntimeException e) {
            LOG.log(ERROR, "could not queue " + undelivered.size() + " messages for session " + session.clientId
                    + "; keeping them for its return: " + e.getMessage(), e);
            session.keepUnqueued(undelivered);
        }
    }

    private void markOffline(String clientId, long now) {
        try {
            subscriptions.markOffline(clientId, now);
        } catch (StoreException e) {
            LOG.log(ERROR, "could not record session " + clientId + " as offline: " + e.getMessage(), e);
        }
    }

    // ---- publishing ----

    void publish(Link publisher, Topic topic, Topic.PendingPublish pending) {
        topic.waiting.add(pending);
        if (durable) {
            // The publisher's reader goes on reading, so publishes pile up into batches
            // that the store commits together.
            if (topic.draining.compareAndSet(false, true)) {
                Thread.ofVirtual().name("herald-drain-" + topic.name).start(() -> drain(topic));
            }
        } else {
            // The publisher's reader drains the topic itself once it has read every frame
            // already received, so a burst is stored and delivered as one batch.
            publisher.drainLater(topic);
        }
    }

    /**
     * Publishes a message on behalf of the server itself (its {@code $} topics, the admin
     * API), through the same path as a client's publish: stored, then delivered. The topic
     * must be one the server has, or one of its own; the {@code $} rule for clients does not
     * apply.
     *
     * @return the stored message, or a failure: UNKNOWN_TOPIC, or the store's
     */
    public CompletableFuture<Message> publish(String topicName, String payload) {
        return publish(topicName, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), Escaping.escape(payload), 1, false);
    }

    /**
     * Publishes a message the server sends on a client's behalf (an MQTT will) through the
     * same path as a client's publish; the topic was checked when the client gave it.
     */
    public CompletableFuture<Message> publish(String topicName, byte[] payload, int qos, boolean retain) {
        return publish(topicName, payload, null, qos, retain);
    }

    private CompletableFuture<Message> publish(String topicName, byte[] payload, String escaped, int qos, boolean retain) {
        Topic topic = routing.get(topicName);
        if (topic == null) {
            if (!config.topics().contains(topicName) && !serverTopics.contains(topicName)) {
                return CompletableFuture.failedFuture(
                        new ProtocolException(ErrorCode.UNKNOWN_TOPIC, "no such topic: " + topicName));
            }
            try {
                topic = access.newTopic(topicName);
            } catch (ProtocolException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        while (!topic.markPublished()) {
            topic = routing.get(topicName);
            if (topic == null) {
                return publish(topicName, payload, escaped, qos, retain);
            }
        }
        CompletableFuture<Message> done = new CompletableFuture<>();
        topic.waiting.add(new Topic.PendingPublish(null, null, payload, escaped, qos, retain, null, done));
        drainNow(topic);
        return done;
    }

    /** Whether any session, online or offline, is subscribed to this topic. */
    public boolean hasSubscribers(String topicName) {
        Topic topic = routing.get(topicName);
        if (topic == null) {
            return false;
        }
        topic.lock.lock();
        try {
            return topic.subscribers.length > 0;
        } finally {
            topic.lock.unlock();
        }
    }

    /** Drains a topic on this thread unless another thread is draining it already. */
    void drainNow(Topic topic) {
        if (topic.draining.compareAndSet(false, true)) {
            drain(topic);
        }
    }

    private void drain(Topic topic) {
        List<Topic.PendingPublish> batch = new ArrayList<>();
        while (true) {
            Topic.PendingPublish next;
            while (batch.size() < drainBatch && (next = topic.waiting.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                topic.draining.set(false);
                if (topic.waiting.isEmpty() || !topic.draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            storeAndDeliver(topic, batch);
            batch.clear();
        }
    }

    private void storeAndDeliver(Topic topic, List<Topic.PendingPublish> batch) {
        List<Message> stored;
        Encoded encoded = null;
        List<Delivery> behind = null;
        topic.lock.lock();
        try {
            Session[] subscribers = topic.subscribers;
            List<String> offline = new ArrayList<>();
            for (Session s : subscribers) {
                if (s.connection == null) {
                    offline.add(s.clientId);
                }
            }
            long now = now();
            List<String> offlineSubscribers = List.copyOf(offline); // once: each Publication keeps it as it is
            List<Publication> publications = new ArrayList<>(batch.size());
            for (Topic.PendingPublish p : batch) {
                publications.add(new Publication(topic.name, p.payload(), now, offlineSubscribers, p.qos(), p.retain()));
            }
            try {
                long start = System.nanoTime();
                stored = messages.append(publications);
                metrics.appended(System.nanoTime() - start);
                topic.published += stored.size();
                topic.queuedOffline += (long) offline.size() * stored.size();
            } catch (RuntimeException e) {
                stored = null;
                LOG.log(ERROR, "store failed to append " + batch.size() + " messages to " + topic.name + ": " + e.getMessage(), e);
            }
            if (stored != null && subscribers.length > 0) {
                encoded = new Encoded(stored, batch);
                long delivered = 0;
                for (Session s : subscribers) {
                    Link c = s.connection;
                    if (c != null) {
                        int next = c.outbound.offer(stored, encoded.of(c.wire), s, 0);
                        delivered += next;
                        if (next < stored.size()) {
                            if (behind == null) {
                                behind = new ArrayList<>();
                            }
                            behind.add(new Delivery(s, c, next));
                        }
                    }
                }
                countDelivered(topic, delivered, encoded);
            }
        } finally {
            topic.lock.unlock();
        }
        acknowledge(topic, batch, stored);
        if (behind != null) {
            deliverRest(topic, behind, stored, encoded);
        }
    }

    /** A subscriber that has not taken a whole batch yet: it was over its bound. */
    private static final class Delivery {
        final Session session;
        Link connection;
        int next;

        Delivery(Session session, Link connection, int next) {
            this.session = session;
            this.connection = connection;
            this.next = next;
        }
    }

    /**
     * Delivers the rest of a batch to the subscribers that were over their bound, waiting for
     * each to make room: this is where a subscriber holds its topic's publishers back. The
     * topic's next batch waits meanwhile, so each subscriber still gets the topic in order.
     * A subscriber that went offline meanwhile (cut off as a slow consumer, disconnected)
     * gets the rest in its offline queue; one that resumed on another connection gets it
     * there, live, after what its {@code RECON} replayed.
     */
    private void deliverRest(Topic topic, List<Delivery> behind, List<Message> stored, Encoded encoded) {
        while (!behind.isEmpty()) {
            stats.flowControlWaits.increment();
            behind.getFirst().connection.outbound.awaitRoom();
            topic.lock.lock();
            try {
                long delivered = 0;
                for (var it = behind.iterator(); it.hasNext(); ) {
                    Delivery d = it.next();
                    Link c = d.session.connection;
                    if (d.session.discarded) {
                        it.remove();
                    } else if (c == null) {
                        queueOffline(d.session, stored.subList(d.next, stored.size()));
                        it.remove();
                    } else {
                        d.connection = c;
                        int from = d.next;
                        d.next = c.outbound.offer(stored, encoded.of(c.wire), d.session, from);
                        delivered += d.next - from;
                        if (d.next == stored.size()) {
                            it.remove();
                        }
                    }
                }
                countDelivered(topic, delivered, encoded);
            } finally {
                topic.lock.unlock();
            }
        }
    }

    /** Counts messages offered live; under the topic's lock. */
    private void countDelivered(Topic topic, long delivered, Encoded encoded) {
        topic.delivered += delivered;
        if (topic.serverOwned() && delivered > 0) {
            // messages of one $ topic batch are about the same size
            stats.serverTopicBytesOut.add(delivered * encoded.lineFrameSize());
        }
    }

    /**
     * A stored batch's encodings, made once per protocol on first use and shared by every
     * subscriber of that protocol. Under the topic's lock.
     */
    private static final class Encoded {
        private final List<Message> stored;
        private final String[] escaped;
        private Object firstKey;
        private Object first;
        private Map<Object, Object> more;

        Encoded(List<Message> stored, List<Topic.PendingPublish> batch) {
            this.stored = stored;
            this.escaped = new String[batch.size()];
            for (int i = 0; i < escaped.length; i++) {
                escaped[i] = batch.get(i).escapedPayload();
            }
        }

        Object of(Wire wire) {
            Object key = wire.protocol();
            if (firstKey == null) {
                firstKey = key;
                first = wire.encodeBatch(stored, escaped);
                return first;
            }
            if (firstKey == key) {
                return first;
            }
            if (more == null) {
                more = new java.util.HashMap<>(2);
            }
            return more.computeIfAbsent(key, k -> wire.encodeBatch(stored, escaped));
        }

        /** The size of the first message as the line protocol writes it. */
        long lineFrameSize() {
            Message m = stored.getFirst();
            return 40L + m.topic().length() + (escaped[0] != null ? escaped[0].length() : m.payloadSize());
        }
    }

    /** Sends each publisher its replies, one call per run of publishes from the same connection. */
    private static void acknowledge(Topic topic, List<Topic.PendingPublish> batch, List<Message> stored) {
        int from = 0;
        while (from < batch.size()) {
            Link publisher = batch.get(from).publisher();
            if (publisher == null) { // the server's own
                CompletableFuture<Message> done = batch.get(from).done();
                if (stored != null) {
                    done.complete(stored.get(from));
                } else {
                    done.completeExceptionally(new StoreException("the store failed; the message was not stored"));
                }
                from++;
                continue;
            }
            int to = from + 1;
            while (to < batch.size() && batch.get(to).publisher() == publisher) {
                to++;
            }
            Link.ReplySlot[] slots = new Link.ReplySlot[to - from];
            byte[][] replies = new byte[to - from][];
            for (int i = from; i < to; i++) {
                Topic.PendingPublish p = batch.get(i);
                slots[i - from] = p.slot();
                replies[i - from] = p.ack().frame(topic, stored != null ? stored.get(i) : null);
            }
            publisher.complete(slots, replies);
            from = to;
        }
    }

    // ---- background work ----

    private void closeIdleConnections() {
        long now = now();
        long limit = config.idleTimeout().toMillis();
        long slow = config.slowConsumerTimeout().toMillis();
        for (Link c : connections) {
            long overSince = c.outbound.overBoundSince();
            if (overSince >= 0 && now - overSince >= slow) {
                cutOff(c);
            }
            long idle = c.idleLimit >= 0 ? c.idleLimit : limit;
            if (now - c.lastActivity >= idle && !c.isClosed()) {
                LOG.log(INFO, "{0} idle for {1}; closing it", c.describe(), Durations.format(java.time.Duration.ofMillis(idle)));
                closeOffline(c);
            }
        }
    }

    /**
     * Closes a connection the server chose to close, taking its session offline first so that
     * nothing published meanwhile is written to a dead socket.
     */
    private void closeOffline(Link client) {
        goOffline(client, false);
        client.close();
    }

    private void sweepExpired() {
        try {
            long now = now();
            long cutoff = now - config.offlineTtl().toMillis() + 1;
            for (int i = 0; i < PURGE_BATCHES_PER_SWEEP; i++) {
                int purged = messages.purgeExpired(cutoff, PURGE_BATCH);
                stats.offlineExpired.add(purged);
                if (purged < PURGE_BATCH) {
                    break;
                }
            }
            long expiry = config.sessionExpiry().toMillis();
            for (Session s : sessions.values()) {
                if (!s.online() && now - s.offlineSince >= expiry) {
                    expire(s, now, expiry);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(WARNING, "background expiry failed, will retry: " + e.getMessage(), e);
        }
    }

    private void expire(Session candidate, long now, long expiry) {
        ReentrantLock lock = idLock(candidate.clientId);
        lock.lock();
        try {
            Session s = sessions.get(candidate.clientId);
            if (s != candidate || s.online() || now - s.offlineSince < expiry) {
                return;
            }
            expireNow(s);
        } finally {
            lock.unlock();
        }
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

    /** Connections being served. */
    public int connectionCount() {
        return connections.size();
    }

    // ---- figures, for the $SYS topics, the metrics and the admin API ----

    /** Sessions online (or offline, with {@code online} false). */
    int sessionCount(boolean online) {
        int n = 0;
        for (Session s : sessions.values()) {
            if (s.online() == online) {
                n++;
            }
        }
        return n;
    }

    /** Subscriptions of every session. */
    int subscriptionCount() {
        return routing.subscriptions();
    }

    /** Every topic, the server's own included. */
    Collection<Topic> topics() {
        return routing.topics();
    }

    /** Messages stored, over every topic but the server's own. */
    long messagesPublished() {
        long n = 0;
        for (Topic t : routing.topics()) {
            if (!t.serverOwned()) {
                n += t.published;
            }
        }
        return n;
    }

    /** Messages sent to subscribers, live or replayed, over every topic but the server's own. */
    long messagesSent() {
        long n = stats.replayed.sum();
        for (Topic t : routing.topics()) {
            if (!t.serverOwned()) {
                n += t.delivered;
            }
        }
        return n;
    }

    /** Bytes sent, without the messages of the server's own topics. */
    long bytesSent() {
        return stats.bytesOut.sum() - stats.serverTopicBytesOut.sum();
    }

    /** Messages waiting in the offline queues. */
    QueueDepths queueDepths() {
        return queueDepths;
    }

    /** Every session, in no particular order. */
    Collection<Session> sessions() {
        return sessions.values();
    }

    /** Every connection being served, in no particular order. */
    Collection<Link> connections() {
        return connections;
    }

    /** Closes the connection of an online session, which goes offline; false when it is not online. */
    boolean disconnectSession(String clientId) {
        Session session = sessions.get(clientId);
        Link connection = session == null ? null : session.connection;
        if (connection == null) {
            return false;
        }
        LOG.log(INFO, "session {0} disconnected by an operator", clientId);
        closeOffline(connection);
        return true;
    }

    /** What became of a request to delete a session. */
    enum Deletion { DELETED, NOT_FOUND, ONLINE }

    /** Deletes an offline session with its subscriptions and queue; an online one is left alone. */
    Deletion deleteSession(String clientId) {
        ReentrantLock lock = idLock(clientId);
        lock.lock();
        try {
            Session session = sessions.get(clientId);
            if (session == null) {
                return Deletion.NOT_FOUND;
            }
            if (session.online()) {
                return Deletion.ONLINE;
            }
            deleteNow(session);
        } finally {
            lock.unlock();
        }
        LOG.log(INFO, "session {0} deleted by an operator", clientId);
        return Deletion.DELETED;
    }

    /** Whether the store answers. */
    boolean storeReady() {
        try {
            return store.ready();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The retained history of a topic the server has, or an empty list. */
    List<Message> retained(String topic) {
        return routing.get(topic) == null ? List.of() : messages.history(topic);
    }

    /** Whether a user of the users file is an admin: see {@link Access#admin}. */
    boolean admin(String user, String password) {
        return access.admin(user, password);
    }

    /** Whether the server requires authentication (it has a users file). */
    boolean authenticates() {
        return access.authenticates();
    }

    /** Queued messages dropped from full offline queues since start. */
    long offlineDropped() {
        return messages.droppedOfflineMessages();
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
            closeOffline(c);
        }
        awaitReadersEnded(TimeUnit.SECONDS.toMillis(5));
        scheduler.shutdownNow();
        metrics.close();
        store.close();
    }
}
