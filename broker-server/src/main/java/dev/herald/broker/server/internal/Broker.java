package dev.herald.broker.server.internal;

import dev.herald.broker.api.Durations;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.Message;
import dev.herald.broker.api.ProtocolException;
import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.SessionRecord;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.SubscriptionStore;
import dev.herald.broker.api.wire.Request;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The engine: sessions, routing, retained history and offline queues (through the store),
 * and the limits. It knows nothing of sockets beyond the byte streams a transport hands it.
 *
 * <h2>Consistency</h2>
 * A session's presence (online on a connection, or offline and collecting messages in its
 * queue) and the subscriber lists change only under the write side of {@code presence}.
 * Each topic's drainer stores a batch of publishes and delivers it to the online
 * subscribers under the read side. So a message reaches every subscriber exactly once:
 * live if the session was online when the batch was stored, else through its offline
 * queue; and a {@code SUB} or {@code RECON} replays a snapshot that no live message can
 * overtake or repeat.
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
    private final Users users;
    private final LoginThrottle throttle;
    private final Admission admission;
    private final ReentrantReadWriteLock presence = new ReentrantReadWriteLock();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    /** Connections counted against the limit: from accept until their socket is closed. */
    private final AtomicInteger connectionCount = new AtomicInteger();
    /** Connection threads still running; shutdown waits for them before closing the store. */
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    /**
     * Creates the engine over an open store and loads its sessions: every session that was
     * online when the broker last stopped is offline now.
     */
    public Broker(BrokerConfig config, Store store) {
        this.config = config;
        this.store = store;
        this.durable = store.durable();
        this.drainBatch = durable ? DURABLE_DRAIN_BATCH : DRAIN_BATCH;
        this.messages = store.messages();
        this.subscriptions = store.subscriptions();
        this.users = config.usersFile() == null ? null : Users.load(config.usersFile());
        this.throttle = new LoginThrottle(config.clock());
        this.admission = new Admission(config.security().connectTimeout(), config.security().maxUnauthenticatedPerAddress());
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
        long now = now();
        for (SessionRecord record : subscriptions.all()) {
            Session session = new Session(record.clientId(), record.online() ? now : record.offlineSince());
            if (record.online()) {
                subscriptions.markOffline(record.clientId(), now);
            }
            for (String topic : record.topics()) {
                session.topics.add(topic);
                topic(topic).addSubscriber(session);
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

    /** Takes over an accepted connection and serves it on a virtual thread of its own. */
    public void accept(Connection connection) {
        long id = connectionIds.incrementAndGet();
        int count = connectionCount.incrementAndGet();
        readers.incrementAndGet();
        Thread.ofVirtual().name("herald-connection-" + id).start(() -> {
            Admission.Pending pending = admission.admit(connection, now());
            try {
                if (closed || count > config.maxConnections()) {
                    refuse(connection, "connection limit of " + config.maxConnections() + " reached");
                    connectionCount.decrementAndGet();
                    return;
                }
                if (!pending.placed()) {
                    refuse(connection, "too many connections from " + connection.remoteHost()
                            + " have not logged in yet (limit " + admission.maxPerAddress() + ")");
                    connectionCount.decrementAndGet();
                    return;
                }
                java.io.InputStream in = connection.input();
                OutputStream out = connection.output();
                ClientConnection client = new ClientConnection(id, connection, this, out, config.outboundBuffer(), pending);
                connections.add(client);
                LOG.log(DEBUG, () -> client.describe() + " accepted");
                client.run(in, config.maxFrame());
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
    void connectionClosed(ClientConnection client) {
        if (connections.remove(client)) {
            connectionCount.decrementAndGet();
        }
    }

    private void refuse(Connection connection, String why) {
        LOG.log(WARNING, () -> "refusing connection from " + connection.remoteAddress() + ": " + why);
        try {
            OutputStream out = connection.output();
            out.write(Frames.err(ErrorCode.SERVER_BUSY, why));
            out.flush();
        } catch (IOException e) {
            LOG.log(DEBUG, () -> "could not tell " + connection.remoteAddress() + " the server is busy: " + e.getMessage());
        } finally {
            connection.close();
        }
    }

    // ---- checks done before a request reaches the session state ----

    /**
     * The authenticated user, or null when the server requires no authentication. A client
     * without credentials is the user its TLS certificate's subject is mapped to, else
     * {@code anonymous} when the users file lets such clients in.
     *
     * A wrong password is answered after the delay of {@link LoginThrottle}, waited on the
     * client's own thread, holding no lock.
     *
     * @throws ProtocolException BAD_CREDENTIALS
     */
    String authenticate(Request.Credentials credentials, ClientConnection client) throws ProtocolException {
        if (users == null) {
            return null;
        }
        if (credentials == null) {
            String user = client.connection.peerPrincipal().map(users::certificateUser).orElse(users.anonymous());
            if (user == null) {
                throw new ProtocolException(ErrorCode.BAD_CREDENTIALS, client.connection.peerPrincipal()
                        .map(p -> "the certificate subject " + p.getName() + " is no user of this server")
                        .orElse("this server requires a user and a password"));
            }
            return user;
        }
        String address = client.connection.remoteHost();
        if (!throttle.checkAlone(address, () -> users.authenticate(credentials.user(), credentials.password()))) {
            throttle.await(throttle.failed(address, credentials.user(), now()), client::isClosed);
            throw new ProtocolException(ErrorCode.BAD_CREDENTIALS, "bad user or password");
        }
        return credentials.user();
    }

    /**
     * The topic of a request, checked: it must exist, and the user may need the right to use it.
     *
     * @param access null when only the topic's existence matters
     * @throws ProtocolException UNKNOWN_TOPIC or NOT_AUTHORIZED
     */
    Topic checkTopic(String name, String user, Users.Access access) throws ProtocolException {
        Topic topic = topics.get(name);
        if (topic == null) {
            if (!config.topics().contains(name)) {
                throw new ProtocolException(ErrorCode.UNKNOWN_TOPIC, "no such topic: " + name);
            }
            topic = topic(name);
        }
        if (users != null && access != null && !users.allowed(user, name, access)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "user " + user + " may not "
                    + (access == Users.Access.PUBLISH ? "publish to " : "subscribe to ") + name);
        }
        return topic;
    }

    // ---- session changes: under the presence write lock ----

    void connect(ClientConnection client, String clientId) {
        presence.writeLock().lock();
        try {
            Session old = sessions.get(clientId);
            subscriptions.create(clientId);
            if (old != null) {
                if (old.connection != null) {
                    takeOver(old, false);
                }
                dropRouting(old);
            }
            attachNew(client, clientId);
            client.reply(Frames.CONN_ACK_NEW);
        } finally {
            presence.writeLock().unlock();
        }
        LOG.log(INFO, "session {0} started on {1}", clientId, client.describe());
    }

    void resume(ClientConnection client, String clientId) {
        boolean resumed;
        int count;
        presence.writeLock().lock();
        try {
            Session session = sessions.get(clientId);
            long now = now();
            if (session != null && !session.online()
                    && now - session.offlineSince >= config.sessionExpiry().toMillis()) {
                subscriptions.delete(clientId);
                dropRouting(session);
                sessions.remove(clientId);
                LOG.log(INFO, "session {0} expired", clientId);
                session = null;
            }
            if (session == null) {
                subscriptions.create(clientId);
                attachNew(client, clientId);
                client.reply(Frames.CONN_ACK_NEW);
                resumed = false;
                count = 0;
            } else {
                if (session.connection != null) {
                    takeOver(session, true);
                }
                List<Message> queued = messages.drainQueue(clientId, now - config.offlineTtl().toMillis() + 1);
                subscriptions.markOnline(clientId);
                session.connection = client;
                session.offlineSince = -1;
                client.session = session;
                client.outbound.replay(Frames.line("CONN_ACK RESUMED " + queued.size()), queued, encode(queued));
                resumed = true;
                count = queued.size();
            }
        } finally {
            presence.writeLock().unlock();
        }
        if (resumed) {
            LOG.log(INFO, "session {0} resumed on {1} with {2} queued messages", clientId, client.describe(), count);
        } else {
            LOG.log(INFO, "session {0} started on {1} (nothing to resume)", clientId, client.describe());
        }
    }

    private void attachNew(ClientConnection client, String clientId) {
        Session session = new Session(clientId, -1);
        session.connection = client;
        sessions.put(clientId, session);
        client.session = session;
    }

    /** Moves a session off its current connection, which is told and closed. */
    private void takeOver(Session session, boolean keepUndelivered) {
        ClientConnection old = session.connection;
        List<Message> undelivered = old.outbound.takeUndelivered();
        if (keepUndelivered && !undelivered.isEmpty()) {
            messages.enqueue(session.clientId, undelivered);
        }
        session.connection = null;
        session.offlineSince = now();
        old.session = null;
        old.outbound.lastFrame(Frames.err(ErrorCode.SESSION_TAKEN_OVER,
                "session " + session.clientId + " was taken over by another connection"));
        LOG.log(INFO, "session {0} taken over from {1}", session.clientId, old.describe());
    }

    private void dropRouting(Session session) {
        for (String name : session.topics) {
            Topic topic = topics.get(name);
            if (topic != null) {
                topic.removeSubscriber(session);
            }
        }
        session.topics.clear();
    }

    void subscribe(ClientConnection client, String topicName) {
        presence.writeLock().lock();
        try {
            Session session = client.session;
            if (session == null) {
                return;
            }
            List<Message> history = messages.history(topicName);
            subscriptions.subscribe(session.clientId, topicName);
            session.topics.add(topicName);
            topic(topicName).addSubscriber(session);
            client.outbound.replay(Frames.line("SUB_ACK " + topicName + " " + history.size()), history, encode(history));
        } finally {
            presence.writeLock().unlock();
        }
    }

    void unsubscribe(ClientConnection client, String topicName) {
        presence.writeLock().lock();
        try {
            Session session = client.session;
            if (session == null) {
                return;
            }
            subscriptions.unsubscribe(session.clientId, topicName);
            session.topics.remove(topicName);
            Topic topic = topics.get(topicName);
            if (topic != null) {
                topic.removeSubscriber(session);
            }
            client.reply(Frames.line("UNSUB_ACK " + topicName));
        } finally {
            presence.writeLock().unlock();
        }
    }

    /** {@code DISC}: what is queued is still written, then {@code DISC_ACK}, then the close. */
    void disconnect(ClientConnection client) {
        String clientId;
        presence.writeLock().lock();
        try {
            Session session = client.session;
            if (session == null) {
                return;
            }
            clientId = session.clientId;
            long now = now();
            session.connection = null;
            session.offlineSince = now;
            client.session = null;
            client.outbound.lastFrame(Frames.DISC_ACK);
            markOffline(clientId, now);
        } finally {
            presence.writeLock().unlock();
        }
        LOG.log(INFO, "session {0} disconnected", clientId);
    }

    /** Called from a producer's thread when a connection's outgoing buffer overflows. */
    void slowConsumer(ClientConnection client) {
        Thread.ofVirtual().name("herald-slow-consumer").start(() -> {
            String clientId = goOffline(client);
            LOG.log(WARNING, "{0} is a slow consumer (over {1} bytes unwritten); closing it, session {2} offline",
                    client.describe(), config.outboundBuffer(), clientId);
            client.outbound.lastFrame(Frames.err(ErrorCode.SLOW_CONSUMER,
                    "more than " + config.outboundBuffer() + " bytes waiting to be written; closing"));
        });
    }

    /**
     * Called once by a connection's reader when it stops reading, for any reason. The
     * socket is closed once what is queued is written; a client that does not read it is
     * closed by the idle timeout.
     */
    void connectionEnded(ClientConnection client) {
        String clientId = goOffline(client);
        client.outbound.closeWhenFlushed();
        if (clientId != null) {
            LOG.log(INFO, "session {0} offline: {1} closed", clientId, client.describe());
        } else {
            LOG.log(DEBUG, () -> client.describe() + " closed");
        }
    }

    /** Takes a connection's session offline, keeping what was not written; returns its id or null. */
    private String goOffline(ClientConnection client) {
        presence.writeLock().lock();
        try {
            Session session = client.session;
            if (session == null || session.connection != client) {
                return null;
            }
            long now = now();
            List<Message> undelivered = client.outbound.takeUndelivered();
            session.connection = null;
            session.offlineSince = now;
            client.session = null;
            if (!undelivered.isEmpty()) {
                try {
                    messages.enqueue(session.clientId, undelivered);
                } catch (StoreException e) {
                    LOG.log(ERROR, "could not queue " + undelivered.size() + " unwritten messages for session "
                            + session.clientId + ": " + e.getMessage(), e);
                }
            }
            markOffline(session.clientId, now);
            return session.clientId;
        } finally {
            presence.writeLock().unlock();
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

    void publish(ClientConnection publisher, Topic topic, Request.Pub pub, ClientConnection.ReplySlot slot) {
        topic.waiting.add(new Topic.PendingPublish(publisher, slot, pub.payload(), pub.escapedPayload()));
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
        presence.readLock().lock();
        try {
            Session[] subscribers = topic.subscribers;
            List<String> offline = new ArrayList<>();
            for (Session s : subscribers) {
                if (s.connection == null) {
                    offline.add(s.clientId);
                }
            }
            long now = now();
            List<Publication> publications = new ArrayList<>(batch.size());
            for (Topic.PendingPublish p : batch) {
                publications.add(new Publication(topic.name, p.payload(), now, offline));
            }
            try {
                stored = messages.append(publications);
            } catch (RuntimeException e) {
                stored = null;
                LOG.log(ERROR, "store failed to append " + batch.size() + " messages to " + topic.name + ": " + e.getMessage(), e);
            }
            if (stored != null && subscribers.length > 0) {
                byte[][] frames = new byte[stored.size()][];
                byte[] publishedAt = Frames.decimal(now);
                for (int i = 0; i < frames.length; i++) {
                    Message m = stored.get(i);
                    frames[i] = m.publishedAt() == now
                            ? Frames.msg(topic.nameBytes, m.id(), publishedAt, batch.get(i).escapedPayload())
                            : Frames.msg(m);
                }
                for (Session s : subscribers) {
                    ClientConnection c = s.connection;
                    if (c != null) {
                        c.outbound.messages(stored, frames);
                    }
                }
            }
        } finally {
            presence.readLock().unlock();
        }
        acknowledge(topic, batch, stored);
    }

    /** Sends each publisher its replies, one call per run of publishes from the same connection. */
    private static void acknowledge(Topic topic, List<Topic.PendingPublish> batch, List<Message> stored) {
        int from = 0;
        while (from < batch.size()) {
            ClientConnection publisher = batch.get(from).publisher();
            int to = from + 1;
            while (to < batch.size() && batch.get(to).publisher() == publisher) {
                to++;
            }
            ClientConnection.ReplySlot[] slots = new ClientConnection.ReplySlot[to - from];
            byte[][] replies = new byte[to - from][];
            for (int i = from; i < to; i++) {
                slots[i - from] = batch.get(i).slot();
                replies[i - from] = stored != null
                        ? Frames.pubAck(topic.nameBytes, stored.get(i).id())
                        : Frames.err(ErrorCode.STORE_UNAVAILABLE, "the store failed; the message was not stored");
            }
            publisher.complete(slots, replies);
            from = to;
        }
    }

    private Topic topic(String name) {
        return topics.computeIfAbsent(name, Topic::new);
    }

    private static List<byte[]> encode(List<Message> list) {
        List<byte[]> frames = new ArrayList<>(list.size());
        for (Message m : list) {
            frames.add(Frames.msg(m));
        }
        return frames;
    }

    // ---- background work ----

    private void closeIdleConnections() {
        long now = now();
        long limit = config.idleTimeout().toMillis();
        for (ClientConnection c : connections) {
            if (now - c.lastActivity >= limit && !c.isClosed()) {
                LOG.log(INFO, "{0} idle for {1}; closing it", c.describe(), Durations.format(config.idleTimeout()));
                closeOffline(c);
            }
        }
    }

    /**
     * Closes a connection the server chose to close, taking its session offline first so that
     * nothing published meanwhile is written to a dead socket.
     */
    private void closeOffline(ClientConnection client) {
        goOffline(client);
        client.close();
    }

    private void sweepExpired() {
        try {
            long now = now();
            long cutoff = now - config.offlineTtl().toMillis() + 1;
            for (int i = 0; i < PURGE_BATCHES_PER_SWEEP; i++) {
                if (messages.purgeExpired(cutoff, PURGE_BATCH) < PURGE_BATCH) {
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
        presence.writeLock().lock();
        try {
            Session s = sessions.get(candidate.clientId);
            if (s != candidate || s.online() || now - s.offlineSince < expiry) {
                return;
            }
            subscriptions.delete(s.clientId);
            dropRouting(s);
            sessions.remove(s.clientId);
        } finally {
            presence.writeLock().unlock();
        }
        LOG.log(INFO, "session {0} expired", candidate.clientId);
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
        for (ClientConnection c : connections) {
            closeOffline(c);
        }
        awaitReadersEnded(TimeUnit.SECONDS.toMillis(5));
        scheduler.shutdownNow();
        store.close();
    }
}
