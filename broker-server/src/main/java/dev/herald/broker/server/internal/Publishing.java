package dev.herald.broker.server.internal;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.wire.Escaping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static java.lang.System.Logger.Level.ERROR;

/**
 * Publishing: a topic's publishes wait in its queue until a drainer (the publisher's reader,
 * or on a durable store a thread of the topic's own) takes them in batches, stores each batch
 * with one append, offers it to the topic's online subscribers and answers the publishers.
 * A batch is stored and offered under the topic's lock, where it meets the session changes
 * of {@link Sessions} (see its Consistency section). It changes no session: the rest of a
 * batch for a subscriber that went offline meanwhile goes to that session's queue.
 *
 * <p>A shared subscription's group takes each message of a batch once: the members take
 * turns (round robin), and a member whose turn it is but that is offline, or whose
 * connection is over its bound or has its window full, is passed over for the next. When
 * every online member is full, the message waits for room as for a lone subscriber; when no
 * member is online, the batch goes to the offline queue of the member whose turn it is.
 */
final class Publishing {

    /** Logs under the engine's name, like the rest of the engine. */
    private static final System.Logger LOG = System.getLogger(Broker.class.getName());
    /** Publishes stored with one append. */
    private static final int DRAIN_BATCH = 512;
    /**
     * A durable store commits each append once, and the commit's fixed work (the sync, the
     * history trim, which touches at most the retained bound's rows) is shared by the whole
     * batch: under load, larger batches keep the store's work per message low.
     */
    private static final int DURABLE_DRAIN_BATCH = 32_768;
    private final BrokerConfig config;
    private final Routing routing;
    private final MessageStore messages;
    private final boolean durable;
    private final int drainBatch;
    /** The server's own {@code $} topics that exist: those it publishes. */
    private final ServerTopics serverTopics;
    private final Access access;
    private final Sessions sessions;
    private final BrokerMetrics metrics;
    private final BrokerStats stats;

    Publishing(BrokerConfig config, Routing routing, MessageStore messages, boolean durable, ServerTopics serverTopics,
               Access access, Sessions sessions, BrokerMetrics metrics, BrokerStats stats) {
        this.config = config;
        this.routing = routing;
        this.messages = messages;
        this.durable = durable;
        this.drainBatch = durable ? DURABLE_DRAIN_BATCH : DRAIN_BATCH;
        this.serverTopics = serverTopics;
        this.access = access;
        this.sessions = sessions;
        this.metrics = metrics;
        this.stats = stats;
    }

    private long now() {
        return config.clock().millis();
    }

    /**
     * A client's publish to a checked topic: queued on the topic, then stored and delivered by
     * the publisher's reader once it has read what is buffered, or on a durable store by a
     * drainer thread of the topic's own.
     */
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
    CompletableFuture<Message> publish(String topicName, String payload) {
        return publish(topicName, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), Escaping.escape(payload), 1, false,
                new byte[0], Message.NEVER_EXPIRES);
    }

    /**
     * Publishes a message the server sends on a client's behalf (an MQTT will) through the
     * same path as a client's publish; the topic was checked when the client gave it.
     */
    CompletableFuture<Message> publish(String topicName, byte[] payload, int qos, boolean retain, byte[] properties,
                                       long expiresAt) {
        return publish(topicName, payload, null, qos, retain, properties, expiresAt);
    }

    private CompletableFuture<Message> publish(String topicName, byte[] payload, String escaped, int qos, boolean retain,
                                               byte[] properties, long expiresAt) {
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
                return publish(topicName, payload, escaped, qos, retain, properties, expiresAt);
            }
        }
        CompletableFuture<Message> done = new CompletableFuture<>();
        topic.waiting.add(new Topic.PendingPublish(null, null, payload, escaped, qos, retain, properties, expiresAt, null, done));
        drainNow(topic);
        return done;
    }

    /** Whether any session, online or offline, is subscribed to this topic. */
    boolean hasSubscribers(String topicName) {
        Topic topic = routing.get(topicName);
        if (topic == null) {
            return false;
        }
        topic.lock.lock();
        try {
            return topic.hasSubscribers();
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
            SharedGroup[] groups = topic.groups;
            List<String> offline = new ArrayList<>();
            for (Session s : subscribers) {
                if (s.connection == null) {
                    offline.add(s.clientId);
                }
            }
            if (groups.length > 0) {
                queueForOfflineGroups(groups, offline);
            }
            long now = now();
            List<String> offlineSubscribers = List.copyOf(offline); // once: each Publication keeps it as it is
            List<Publication> publications = new ArrayList<>(batch.size());
            for (Topic.PendingPublish p : batch) {
                publications.add(new Publication(topic.name, p.payload(), now, offlineSubscribers, p.qos(), p.retain(),
                        p.properties(), p.expiresAt()));
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
            if (stored != null && (subscribers.length > 0 || groups.length > 0)) {
                encoded = new Encoded(stored, published(batch));
                long delivered = 0;
                for (Session s : subscribers) {
                    Link c = s.connection;
                    if (c != null) {
                        int next = c.outbound.offer(stored, encoded.of(c.wire), s, 0, stored.size());
                        delivered += next;
                        if (next < stored.size()) {
                            behind = behind(behind, new Delivery(s, c, next));
                        }
                    }
                }
                for (SharedGroup g : groups) {
                    if (g.anyOnline()) { // else the batch went to a member's offline queue with the append
                        int next = offerShared(g, stored, encoded, 0);
                        delivered += next;
                        if (next < stored.size()) {
                            behind = behind(behind, new Delivery(g, next));
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

    private static List<Delivery> behind(List<Delivery> behind, Delivery delivery) {
        List<Delivery> list = behind == null ? new ArrayList<>() : behind;
        list.add(delivery);
        return list;
    }

    /**
     * Adds to a batch's offline subscribers, for each group with no member online, the member
     * whose turn it is (once, however many of its subscriptions it is in). Under the topic's lock.
     */
    private static void queueForOfflineGroups(SharedGroup[] groups, List<String> offline) {
        for (SharedGroup g : groups) {
            if (!g.anyOnline()) {
                Session next = g.nextMember();
                if (next != null && !offline.contains(next.clientId)) {
                    offline.add(next.clientId);
                }
            }
        }
    }

    /**
     * Offers messages {@code from} onwards to a group, each to one member: the first online
     * member from the group's turn on that takes it. Returns the index of the first message
     * no member took: {@code stored.size()} when all were. Under the topic's lock.
     */
    private static int offerShared(SharedGroup group, List<Message> stored, Encoded encoded, int from) {
        Session[] members = group.members();
        int i = from;
        placing:
        while (i < stored.size()) {
            int turn = group.turn();
            for (int k = 0; k < members.length; k++) {
                int at = Math.floorMod(turn + k, members.length);
                Session s = members[at];
                Link c = s.connection;
                if (c != null && c.outbound.offer(stored, encoded.of(c.wire), s, i, i + 1) > i) {
                    group.took(at);
                    i++;
                    continue placing;
                }
            }
            break;
        }
        return i;
    }

    /**
     * A subscriber, or a shared subscription's group, that has not taken a whole batch yet:
     * it was over its bound (for a group: every online member was).
     */
    private static final class Delivery {
        final Session session;
        final SharedGroup group;
        /** The session's connection, where it waits for room. */
        Link connection;
        /** A group's online members' outbounds, where it waits for room in any. */
        List<Outbound> members;
        int next;

        Delivery(Session session, Link connection, int next) {
            this.session = session;
            this.group = null;
            this.connection = connection;
            this.next = next;
        }

        Delivery(SharedGroup group, int next) {
            this.session = null;
            this.group = group;
            this.members = group.onlineOutbounds();
            this.next = next;
        }

        void awaitRoom() {
            if (group == null) {
                connection.outbound.awaitRoom();
            } else {
                Outbound.awaitRoomInAny(members);
            }
        }
    }

    /**
     * Delivers the rest of a batch to the subscribers that were over their bound, waiting for
     * each to make room: this is where a subscriber holds its topic's publishers back. The
     * topic's next batch waits meanwhile, so each subscriber still gets the topic in order.
     * A subscriber that went offline meanwhile (cut off as a slow consumer, disconnected)
     * gets the rest in its offline queue; one that resumed on another connection gets it
     * there, live, after what its {@code RECON} replayed. A group goes on taking turns among
     * its online members; once none is online, the rest goes to the offline queue of the
     * member whose turn it is.
     */
    private void deliverRest(Topic topic, List<Delivery> behind, List<Message> stored, Encoded encoded) {
        while (!behind.isEmpty()) {
            stats.flowControlWaits.increment();
            behind.getFirst().awaitRoom();
            topic.lock.lock();
            try {
                long delivered = 0;
                for (var it = behind.iterator(); it.hasNext(); ) {
                    Delivery d = it.next();
                    int from = d.next;
                    boolean done = d.group != null ? offerRest(d.group, d, stored, encoded) : offerRest(d, stored, encoded);
                    delivered += d.next - from;
                    if (done) {
                        it.remove();
                    }
                }
                countDelivered(topic, delivered, encoded);
            } finally {
                topic.lock.unlock();
            }
        }
    }

    /** Offers the rest of a batch to a subscriber again; true when it is done with it. Under the topic's lock. */
    private boolean offerRest(Delivery d, List<Message> stored, Encoded encoded) {
        if (d.session.discarded) {
            return true;
        }
        Link c = d.session.connection;
        if (c == null) {
            queueOffline(d.session, stored.subList(d.next, stored.size()));
            return true;
        }
        d.connection = c;
        d.next = c.outbound.offer(stored, encoded.of(c.wire), d.session, d.next, stored.size());
        return d.next == stored.size();
    }

    /** Offers the rest of a batch to a group again; true when it is done with it. Under the topic's lock. */
    private boolean offerRest(SharedGroup group, Delivery d, List<Message> stored, Encoded encoded) {
        d.next = offerShared(group, stored, encoded, d.next);
        d.members = group.onlineOutbounds();
        if (d.next < stored.size() && d.members.isEmpty()) {
            queueOffline(group.nextMember(), stored.subList(d.next, stored.size()));
            return true;
        }
        return d.next == stored.size();
    }

    /** Puts what is left of a batch in a session's offline queue; nothing when there is no session or nothing left. */
    private void queueOffline(Session session, List<Message> rest) {
        if (session != null && !rest.isEmpty()) {
            sessions.queueOffline(session, rest);
        }
    }

    /**
     * Hands messages that a member of a shared subscription was sent but had not
     * acknowledged when its session ended to the other members, on a thread of its own: each
     * goes to one member online, as if just published; with none online, to the offline
     * queue of the member whose turn it is; with no member left, nowhere.
     *
     * @param byGroup the messages, by the text of the shared subscription they came through
     */
    void handOver(Map<String, List<Message>> byGroup) {
        Thread.ofVirtual().name("herald-shared-handover").start(() -> {
            try {
                byGroup.forEach(this::handOver);
            } catch (RuntimeException e) {
                LOG.log(ERROR, "could not hand messages of a member that left to the shared subscriptions "
                        + byGroup.keySet() + ": " + e.getMessage(), e);
            }
        });
    }

    private void handOver(String group, List<Message> handed) {
        Map<String, List<Message>> byTopic = new java.util.LinkedHashMap<>();
        for (Message m : handed) {
            byTopic.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(m);
        }
        byTopic.forEach((name, list) -> {
            Topic topic = routing.get(name); // published to, so never forgotten
            if (topic == null) {
                return;
            }
            Encoded encoded = new Encoded(list, Wire.Published.NONE);
            List<Delivery> behind = null;
            topic.lock.lock();
            try {
                SharedGroup g = topic.group(group);
                if (g == null || !g.anyOnline()) {
                    queueOffline(g == null ? null : g.nextMember(), list);
                } else {
                    int next = offerShared(g, list, encoded, 0);
                    countDelivered(topic, next, encoded);
                    if (next < list.size()) {
                        behind = behind(null, new Delivery(g, next));
                    }
                }
            } finally {
                topic.lock.unlock();
            }
            if (behind != null) {
                deliverRest(topic, behind, list, encoded);
            }
        });
    }

    /** Counts messages offered live; under the topic's lock. */
    private void countDelivered(Topic topic, long delivered, Encoded encoded) {
        topic.delivered += delivered;
        if (topic.serverOwned() && delivered > 0) {
            // messages of one $ topic batch are about the same size
            stats.serverTopicBytesOut.add(delivered * encoded.lineFrameSize());
        }
    }

    /** What the engine knows of a batch of client publishes besides what the store keeps. */
    private static Wire.Published published(List<Topic.PendingPublish> batch) {
        return new Wire.Published() {
            @Override
            public String escaped(int i) {
                return batch.get(i).escapedPayload();
            }

            @Override
            public Session publisher(int i) {
                Link publisher = batch.get(i).publisher();
                return publisher == null ? null : publisher.session();
            }

            @Override
            public boolean retain(int i) {
                return batch.get(i).retain();
            }
        };
    }

    /**
     * A stored batch's encodings, made once per protocol on first use and shared by every
     * subscriber of that protocol. Under the topic's lock.
     */
    private static final class Encoded {
        private final List<Message> stored;
        private final Wire.Published published;
        private Object firstKey;
        private Object first;
        private Map<Object, Object> more;

        Encoded(List<Message> stored, Wire.Published published) {
            this.stored = stored;
            this.published = published;
        }

        Object of(Wire wire) {
            Object key = wire.protocol();
            if (firstKey == null) {
                firstKey = key;
                first = wire.encodeBatch(stored, published);
                return first;
            }
            if (firstKey == key) {
                return first;
            }
            if (more == null) {
                more = new java.util.HashMap<>(2);
            }
            return more.computeIfAbsent(key, k -> wire.encodeBatch(stored, published));
        }

        /** The size of the first message as the line protocol writes it. */
        long lineFrameSize() {
            Message m = stored.getFirst();
            String first = published.escaped(0);
            return 40L + m.topic().length() + (first != null ? first.length() : m.payloadSize());
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
}
