package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One topic's routing: its subscribers and the publishes waiting to be stored and
 * delivered. One drainer at a time takes waiting publishes in batches, which keeps
 * publish order and lets a durable store commit a batch at once.
 */
public final class Topic {

    private static final Session[] NONE = new Session[0];
    private static final SharedGroup[] NO_GROUPS = new SharedGroup[0];
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** The order in which topic locks are taken together, so that no two changes deadlock. */
    static final Comparator<Topic> ORDER = Comparator.comparingLong(t -> t.seq);

    final String name;
    private final long seq = SEQUENCE.incrementAndGet();
    /** Held by the drainer while it stores and offers a batch, and by changes of its subscribers' presence. */
    final ReentrantLock lock = new ReentrantLock();
    final byte[] nameBytes;
    /** Copy-on-write; replaced and read under {@link #lock}. */
    Session[] subscribers = NONE;
    /** The shared subscriptions whose filters match it, each message to one member; like {@link #subscribers}. */
    SharedGroup[] groups = NO_GROUPS;
    final ConcurrentLinkedQueue<PendingPublish> waiting = new ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();
    /** Whether anyone published to it (so it has, or will have, a history); guarded by the topic itself. */
    private volatile boolean publishedTo;
    /** Whether routing forgot it (never published, no subscriber left); guarded by the topic itself. */
    private boolean dropped;

    /**
     * Marks it as published to; false if routing forgot it already (look it up again). A topic
     * published to is never forgotten, so once marked, no lock is needed.
     */
    boolean markPublished() {
        return publishedTo || markFirstPublished();
    }

    private synchronized boolean markFirstPublished() {
        if (dropped) {
            return false;
        }
        publishedTo = true;
        return true;
    }

    /** Marks it as forgotten, unless someone published to it; true if it is. */
    synchronized boolean dropIfUnused() {
        if (publishedTo || serverOwned() || hasSubscribers()) {
            return false;
        }
        dropped = true;
        return true;
    }
    /**
     * Messages stored, offered live to subscribers, and put in offline queues at publish:
     * written under {@link #lock} only (so one writer at a time), read by anyone.
     */
    volatile long published;
    volatile long delivered;
    volatile long queuedOffline;

    /** The topic's name. */
    public String name() {
        return name;
    }

    /** The name's bytes (topic names are ASCII), made once; callers must not change them. */
    public byte[] nameBytes() {
        return nameBytes;
    }

    /** Whether this is one of the server's own {@code $} topics, left out of every count it reports. */
    boolean serverOwned() {
        return name.charAt(0) == '$';
    }

    Topic(String name) {
        this.name = name;
        this.nameBytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    void addSubscriber(Session session) {
        subscribers = CopyOnWrite.with(subscribers, session);
    }

    void removeSubscriber(Session session) {
        subscribers = CopyOnWrite.without(subscribers, session, NONE);
    }

    void addGroup(SharedGroup group) {
        groups = CopyOnWrite.with(groups, group);
    }

    void removeGroup(SharedGroup group) {
        groups = CopyOnWrite.without(groups, group, NO_GROUPS);
    }

    /** The shared subscription of this text on this topic, or null. Under {@link #lock}. */
    SharedGroup group(String text) {
        for (SharedGroup g : groups) {
            if (g.filter.text().equals(text)) {
                return g;
            }
        }
        return null;
    }

    /** How many sessions its messages may go to: its subscribers and the members of its groups, each once. */
    int subscriberCount() {
        SharedGroup[] shared = groups;
        if (shared.length == 0) {
            return subscribers.length;
        }
        Set<Session> all = new HashSet<>(Arrays.asList(subscribers));
        for (SharedGroup g : shared) {
            all.addAll(Arrays.asList(g.members()));
        }
        return all.size();
    }

    /** Whether any session, online or offline, is subscribed to it, alone or in a group; under {@link #lock}. */
    boolean hasSubscribers() {
        return subscribers.length > 0 || groups.length > 0;
    }

    /**
     * A publish waiting for its topic's drainer: a client's, answered in its reply slot with
     * the frame {@code ack} makes, or the server's own (publisher, slot and ack null), whose
     * outcome completes {@code done}.
     *
     * @param escapedPayload the line protocol's escaped payload when the publisher had it, else null
     * @param properties     the message's properties block (MQTT 5.0's), empty for none
     * @param expiresAt      when the message expires (epoch ms), or {@link Message#NEVER_EXPIRES}
     */
    record PendingPublish(Link publisher, Link.ReplySlot slot, byte[] payload, String escapedPayload, int qos,
                          boolean retain, byte[] properties, long expiresAt, Link.Ack ack, CompletableFuture<Message> done) {
    }
}
