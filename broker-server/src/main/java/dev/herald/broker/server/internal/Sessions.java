package dev.herald.broker.server.internal;

import dev.herald.broker.model.Durations;
import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.model.TopicFilter;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.SessionRecord;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.SubscriptionStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The sessions and their presence: online on a connection, or offline and collecting
 * messages in their queues; what each is subscribed to; and their changes ({@code CONN},
 * {@code RECON}, {@code SUB}, {@code UNSUB}, {@code DISC}, a take-over, a connection's end, a
 * slow consumer's cut-off, expiry, an operator's disconnect or delete). Apart from
 * {@link Publishing}, which it meets only at the topics' locks, as below, and which takes
 * what an ending member of a shared subscription had not acknowledged ({@link #handOverTo}).
 *
 * <h2>Consistency</h2>
 * Each topic's drainer stores a batch of publishes and offers it to the online subscribers
 * under the topic's lock. A session's presence (online on a connection, or offline and
 * collecting messages in its queue) and its routing change under the locks of the topics it
 * is routed to, and only there. So a message reaches every subscriber exactly once: live if
 * the session was online when the batch was stored, else through its offline queue; and,
 * since a shared subscription's member is chosen there too, one member of each group. No
 * store I/O happens under a lock that another client's requests or another topic's
 * publishes need: a {@code SUB} or {@code RECON} puts the connection online with its live
 * messages held back, reads the history or drains the queue, and then writes the replay in
 * front of what was held, so that no live message overtakes or repeats it.
 */
final class Sessions {

    /** Logs under the engine's name, like the rest of the engine. */
    private static final System.Logger LOG = System.getLogger(Broker.class.getName());

    private final BrokerConfig config;
    private final Routing routing;
    private final MessageStore messages;
    private final SubscriptionStore subscriptions;
    private final Access access;
    private final BrokerStats stats;
    /** Striped locks, one taken per client id for the changes of its session. */
    private final ReentrantLock[] idLocks = new ReentrantLock[64];
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Sessions by who made them (see holderOf), for broker.max-sessions-per-user. */
    private final Map<String, Integer> holders = new ConcurrentHashMap<>();
    /** Takes what an ending session had not acknowledged of its shared subscriptions, by subscription. */
    private Consumer<Map<String, List<Message>>> sharedHandOver = byGroup -> { };

    Sessions(BrokerConfig config, Routing routing, MessageStore messages, SubscriptionStore subscriptions, Access access,
             BrokerStats stats) {
        this.config = config;
        this.routing = routing;
        this.messages = messages;
        this.subscriptions = subscriptions;
        this.access = access;
        this.stats = stats;
        for (int i = 0; i < idLocks.length; i++) {
            idLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Where the messages go that a session ending with its connection had not acknowledged,
     * of its shared subscriptions: to the other members ({@link Publishing#handOver}).
     */
    void handOverTo(Consumer<Map<String, List<Message>>> handOver) {
        this.sharedHandOver = handOver;
    }

    /** Loads the stored sessions: every session that was online when the broker last stopped is offline now. */
    void load() {
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
                session.qos(filter, record.qos(filter));
            }
            sessions.put(record.clientId(), session);
        }
        if (!sessions.isEmpty()) {
            LOG.log(INFO, "loaded {0} stored sessions, all offline", sessions.size());
        }
    }

    private long now() {
        return config.clock().millis();
    }

    /** Every session, in no particular order. */
    Collection<Session> all() {
        return sessions.values();
    }

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
    void connect(Link client, String clientId, String user, byte[] ack, boolean ephemeral) throws ProtocolException {
        ReentrantLock lock = idLock(clientId);
        lock.lock();
        try {
            Session old = sessions.get(clientId);
            checkOwner(old, clientId, user);
            checkRoomForSession(client, user, old);
            if (old != null) {
                replace(old);
            }
            startNew(client, clientId, user, ack, ephemeral);
        } finally {
            lock.unlock();
        }
        LOG.log(INFO, "session {0} started on {1}", clientId, client.describe());
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
    boolean resume(Link client, String clientId, String user, IntFunction<byte[]> resumed, byte[] started)
            throws ProtocolException {
        ReentrantLock lock = idLock(clientId);
        lock.lock();
        int count;
        try {
            Session session = sessions.get(clientId);
            long now = now();
            if (session != null && session.expiredAt(now, config)) {
                expireNow(session); // an expired session is nobody's any more
                session = null;
            }
            checkOwner(session, clientId, user);
            if (session != null && session.ephemeral) {
                // a session that ends with its connection (MQTT CleanSession 1) is not resumed:
                // the connection is taken over and its session ends with it
                replace(session);
                session = null;
            }
            if (session == null) {
                checkRoomForSession(client, user, null);
                startNew(client, clientId, user, started, false);
                count = -1;
            } else {
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

    /**
     * Discards a session that a new one of its id replaces, taken over from its connection if
     * it is online: what that connection had not written is discarded with it, but what it
     * had not acknowledged of shared subscriptions goes to their other members. Under the
     * id's lock.
     */
    private void replace(Session old) {
        Map<String, List<Message>> shared = exclusive(List.of(old), r -> List.of(), () -> {
            Link connection = old.connection;
            Map<String, List<Message>> unacknowledged = connection == null ? Map.of()
                    : sharedOf(old, unacknowledged(connection, takeOver(old)));
            discard(old);
            return unacknowledged;
        });
        handOver(shared);
    }

    /**
     * What a connection's client has not acknowledged, in id order: the messages not written
     * ({@code unwritten}, taken from its outbound) and those its wire still waits to have
     * acknowledged.
     */
    private static List<Message> unacknowledged(Link connection, List<Message> unwritten) {
        List<Message> inFlight = connection.wire.unacknowledged();
        return inFlight.isEmpty() ? unwritten : Replay.merge(Long.MIN_VALUE, unwritten, inFlight);
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
     * Subscribes the connection's session to filters, each with its QoS, and replays after
     * the ack what the protocol asks for: the history of the (one) filter's topics, or the
     * retained messages of every filter's topics; nothing for a shared subscription. Live
     * messages of their topics follow the replay, each once. Nothing happens without a session.
     *
     * @param qos      the QoS of each filter (1 for the line protocol)
     * @param retained whether to replay the MQTT retained messages instead of the history
     * @param header   the ack, given the number of messages replayed after it
     */
    void subscribe(Link client, List<TopicFilter> filters, int[] qos, boolean retained, IntFunction<byte[]> header) {
        subscribe(client, filters, qos, retained, null, header);
    }

    /**
     * {@link #subscribe(Link, List, int[], boolean, IntFunction)}, with the retained messages
     * of a filter replayed as {@code retainHandling} says: 0 always, 1 only for a subscription
     * the session did not have, 2 never (MQTT 5.0's Retain Handling); null for always.
     */
    void subscribe(Link client, List<TopicFilter> filters, int[] qos, boolean retained, int[] retainHandling,
                   IntFunction<byte[]> header) {
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
                    session.qos(filters.get(i).text(), qos[i]);
                }
                client.outbound.hold();
                return null;
            });
            List<Message> replay;
            try {
                replay = retained ? retainedMessages(replayed(filters, added, retainHandling)) : history(filters.getFirst());
            } catch (RuntimeException e) {
                exclusive(List.of(session), () -> {
                    for (TopicFilter f : added) {
                        routing.remove(session, f.text());
                        session.removeQos(f.text());
                    }
                });
                for (TopicFilter f : added) {
                    unsubscribeQuietly(session.clientId, f.text());
                }
                client.outbound.release(null, List.of(), m -> null);
                throw e;
            }
            int replayed = client.outbound.release(header, replay, m -> client.wire.replayed(session, m, retained));
            if (filters.stream().noneMatch(f -> f.unshared().text().startsWith("$"))) { // only a filter that starts with $ matches the server's topics
                stats.replayed.add(replayed);
            }
        });
    }

    /** The filters whose retained messages a subscription replays, as its Retain Handling says. */
    private static List<TopicFilter> replayed(List<TopicFilter> filters, List<TopicFilter> added, int[] retainHandling) {
        if (retainHandling == null) {
            return filters;
        }
        List<TopicFilter> replayed = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            if (retainHandling[i] == 0 || retainHandling[i] == 1 && added.contains(filters.get(i))) {
                replayed.add(filters.get(i));
            }
        }
        return replayed;
    }

    /**
     * The retained messages of the topics the filters match, in id order, each once; none for
     * a shared subscription [MQTT-4.8.2].
     */
    private List<Message> retainedMessages(List<TopicFilter> filters) {
        List<Message> all = new ArrayList<>();
        for (TopicFilter f : filters) {
            if (!f.isShared()) {
                all.addAll(messages.retained(f));
            }
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

    /**
     * The history a filter replays: its topics', merged in id order, the newest retained.max;
     * none for a shared subscription, whose members share what is published from now on.
     */
    private List<Message> history(TopicFilter filter) {
        if (filter.isShared()) {
            return List.of();
        }
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

    /** Removes subscriptions of the connection's session (those it has), then sends the ack. */
    void unsubscribe(Link client, List<TopicFilter> filters, byte[] ack) {
        underIdLock(client, session -> {
            for (TopicFilter filter : filters) {
                subscriptions.unsubscribe(session.clientId, filter.text());
                exclusive(List.of(session), () -> {
                    routing.remove(session, filter.text());
                    session.removeQos(filter.text());
                });
            }
            client.reply(ack);
        });
    }

    /**
     * Sets how long the connection's session lives offline: 0 ends it with the connection,
     * and a negative value restores the server's {@code broker.session.expiry}.
     */
    void expiry(Link client, long millis) {
        underIdLock(client, session -> {
            session.ephemeral = millis == 0;
            session.expiryMillis = millis;
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
     * ephemeral session ends here, handing what it had not acknowledged of its shared
     * subscriptions to their other members.
     *
     * @param lastFrame the ack ({@code DISC_ACK}), or null for none
     */
    void disconnect(Link client, byte[] lastFrame) {
        underIdLock(client, session -> {
            long now = now();
            exclusive(List.of(session), () -> {
                session.connection = null;
                session.offlineSince = now;
                client.session = null;
                client.outbound.lastFrame(lastFrame);
            });
            if (session.ephemeral) {
                end(session, client.wire.unacknowledged());
            } else {
                markOffline(session.clientId, now);
            }
            LOG.log(INFO, "session {0} disconnected", session.clientId);
        });
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
    void cutOff(Link client) {
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
                List<Message> taken = unacknowledged(client, client.outbound.takeUndelivered(keepReplays));
                session.connection = null;
                session.offlineSince = now;
                client.session = null;
                return taken;
            });
            if (undelivered == null) {
                return null;
            }
            if (session.ephemeral) {
                end(session, undelivered);
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
     * Ends an ephemeral session that went offline: it is deleted, and of the messages it had
     * not acknowledged (or not been written), those of its shared subscriptions go to the
     * other members. Under its id's lock.
     */
    private void end(Session session, List<Message> unacknowledged) {
        Map<String, List<Message>> shared = sharedOf(session, unacknowledged);
        deleteNow(session);
        handOver(shared);
    }

    private void handOver(Map<String, List<Message>> shared) {
        if (!shared.isEmpty()) {
            sharedHandOver.accept(shared);
        }
    }

    /**
     * The messages that came through the session's shared subscriptions, each once, by the
     * first of them (in the order subscribed) whose filter matches its topic: a message the
     * session had through several of them, or through its own subscription too, goes to one.
     */
    private static Map<String, List<Message>> sharedOf(Session session, List<Message> sent) {
        if (sent.isEmpty()) {
            return Map.of();
        }
        List<TopicFilter> shares = session.filters.values().stream().filter(TopicFilter::isShared).toList();
        if (shares.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Message>> byGroup = new LinkedHashMap<>();
        Set<Long> seen = new HashSet<>();
        for (Message m : sent) {
            if (!seen.add(m.id())) {
                continue;
            }
            for (TopicFilter share : shares) {
                if (share.matches(m.topic())) {
                    byGroup.computeIfAbsent(share.text(), t -> new ArrayList<>()).add(m);
                    break;
                }
            }
        }
        return byGroup;
    }

    /**
     * Puts messages in an offline session's queue; if the store fails, the session keeps them
     * in memory for its next {@code RECON}, so nothing is lost while the broker runs.
     */
    void queueOffline(Session session, List<Message> undelivered) {
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

    /**
     * Closes a connection the server chose to close, taking its session offline first so that
     * nothing published meanwhile is written to a dead socket.
     */
    void closeOffline(Link client) {
        goOffline(client, false);
        client.close();
    }

    /** Expires a session found expired unless it changed meanwhile: checked again under its id's lock. */
    void expire(Session candidate, long now) {
        ReentrantLock lock = idLock(candidate.clientId);
        lock.lock();
        try {
            Session s = sessions.get(candidate.clientId);
            if (s != candidate || !s.expiredAt(now, config)) {
                return;
            }
            expireNow(s);
        } finally {
            lock.unlock();
        }
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
}
