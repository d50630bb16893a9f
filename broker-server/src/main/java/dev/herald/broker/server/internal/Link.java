package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.Connection;

import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's side of one client connection, whatever its protocol: the session it is
 * online in, its outbound frames, and its replies in request order. A protocol's reader
 * (the line protocol's, the MQTT listener's) reads the connection's frames or packets and
 * calls the {@link Broker}; the {@link Wire} it was made with encodes what the engine sends.
 * Replies leave in request order: a publish is stored asynchronously (so a client can
 * pipeline publishes), and every reply queues behind the acks of earlier publishes; a
 * request that changes the session waits until those acks are out.
 *
 * <p>Flow control: the reader reads no further while the connection's own outgoing data is
 * over its bound, or while its publishes not yet stored are over theirs (a count and a
 * size). Then TCP pushes back on the client. So a slow store, or a subscriber that holds
 * back a topic's drainer, slows the publishers down instead of filling the heap. The
 * unstored publishes of a connection are all to one topic: a publish to another topic waits
 * until they are stored, so that ids follow the connection's publish order.
 */
public final class Link {

    /** Publishes of one connection waiting to be stored; past it the reader stops reading. */
    private static final int MAX_PUBLISHES_IN_FLIGHT = 8192;
    private static final byte[] CLOSE = new byte[0];

    /** A place in the reply order, filled when the reply is known. */
    static final class ReplySlot {
        private byte[] frame;
        /** For a publish: the bytes it counts against the bound of unstored publishes; else 0. */
        private final long size;

        ReplySlot(long size) {
            this.size = size;
        }
    }

    final long id;
    final Connection connection;
    final Outbound outbound;
    final Wire wire;
    private final Broker broker;
    /** Until the connection logs in: its connect timeout and its place among its address's. */
    private final Admission.Pending pending;
    private final ReentrantLock replyLock = new ReentrantLock();
    private final Condition repliesOut = replyLock.newCondition();
    /** Small at first: an idle connection holds it for nothing. */
    private final ArrayDeque<ReplySlot> pendingReplies = new ArrayDeque<>(2);
    /** Publishes not yet stored, their bytes, and their one topic; under the reply lock. */
    private int unstored;
    private long unstoredBytes;
    private Topic unstoredTopic;
    private final long maxUnstoredBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether the read loop ended because reading failed (a reset), not at the end of the stream or by choice. */
    private volatile boolean readFailed;
    /** The session this connection is online in; set and cleared by the broker's session changes. */
    volatile Session session;
    volatile long lastActivity;
    /** How long the connection may send nothing before it is closed (ms), or -1 for {@code broker.idle-timeout}. */
    volatile long idleLimit = -1;
    /** Whether it was cut off as a slow consumer. */
    private final AtomicBoolean cutOff = new AtomicBoolean();
    private volatile String user;
    /** Topics this connection published to since its reader last drained them (reader thread only). */
    private final List<Topic> toDrain = new ArrayList<>(2);

    Link(long id, Connection connection, Broker broker, OutputStream out, Wire wire, long outboundBound,
         Admission.Pending pending) {
        this.id = id;
        this.pending = pending;
        this.connection = connection;
        this.broker = broker;
        this.wire = wire;
        this.outbound = new Outbound(out, wire, outboundBound, broker::now, () -> broker.overBound(this), this::close);
        this.maxUnstoredBytes = outboundBound;
        this.lastActivity = broker.now();
    }

    /** The engine this connection is served by. */
    public Broker broker() {
        return broker;
    }

    /** The protocol's encoding of what this connection is sent. */
    public Wire wire() {
        return wire;
    }

    /** The transport's connection. */
    public Connection connection() {
        return connection;
    }

    /** Sets how long the connection may send nothing before it is closed: an MQTT client's keep alive. */
    public void idleLimit(java.time.Duration limit) {
        idleLimit = limit.toMillis();
    }

    /** Records that the client sent something (the idle timeout counts from it). */
    public void touch() {
        lastActivity = broker.now();
    }

    /**
     * The client logged in: it no longer counts against the connect timeout or the cap of
     * connections per address that have not logged in. Before the ack, so that the client's
     * next connection finds room.
     */
    public void loggedIn() {
        pending.done();
    }

    /** The client id of the session this connection is online in, or null. */
    public String clientId() {
        Session s = session;
        return s == null ? null : s.clientId;
    }

    /** The session this connection is online in, or null. */
    public Session session() {
        return session;
    }

    /**
     * Publishes a message to a checked topic: stored asynchronously, and answered in request
     * order with the frame {@code ack} makes of the outcome. Waits first, reading no further,
     * while this connection's unstored publishes are over their bounds or go to another topic.
     *
     * @param escapedPayload the line protocol's escaped form of the payload, or null
     * @param overhead       what the publish counts against the unstored bytes besides its payload
     */
    public void publish(Topic topic, byte[] payload, String escapedPayload, int qos, boolean retain, int overhead, Ack ack) {
        publish(topic, payload, escapedPayload, qos, retain, NO_PROPERTIES, Message.NEVER_EXPIRES, overhead, ack);
    }

    private static final byte[] NO_PROPERTIES = new byte[0];

    /**
     * {@link #publish(Topic, byte[], String, int, boolean, int, Ack)} of a message with a
     * properties block (MQTT 5.0's, passed on unchanged) and an expiry time (epoch ms, or
     * {@link Message#NEVER_EXPIRES}).
     */
    public void publish(Topic topic, byte[] payload, String escapedPayload, int qos, boolean retain, byte[] properties,
                        long expiresAt, int overhead, Ack ack) {
        ReplySlot slot = new ReplySlot(payload.length + properties.length + overhead);
        replyLock.lock();
        try {
            if (mustWait(topic, slot.size)) {
                replyLock.unlock();
                try {
                    // In memory, this reader stores its own publishes: store them before waiting.
                    drainPublished();
                } finally {
                    replyLock.lock();
                }
                while (mustWait(topic, slot.size) && !closed.get()) {
                    repliesOut.await(100, TimeUnit.MILLISECONDS);
                }
            }
            pendingReplies.add(slot);
            unstored++;
            unstoredBytes += slot.size;
            unstoredTopic = topic;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            replyLock.unlock();
        }
        broker.publish(this, topic, new Topic.PendingPublish(this, slot, payload, escapedPayload, qos, retain, properties,
                expiresAt, ack, null));
    }

    /**
     * What answers a publish: its frame, given the stored message or null when the store
     * failed. An empty frame sends nothing (an MQTT QoS 0 publish); null closes the
     * connection once the replies before it are written (MQTT 3.1.1 has no negative ack).
     */
    @FunctionalInterface
    public interface Ack {
        byte[] frame(Topic topic, Message stored);
    }

    /** Whether a publish must wait for earlier ones to be stored. Under the reply lock. */
    private boolean mustWait(Topic topic, long size) {
        return unstored > 0 && (unstoredTopic != topic || unstored >= MAX_PUBLISHES_IN_FLIGHT
                || unstoredBytes + size > maxUnstoredBytes);
    }

    /** Queues a reply, skipping an empty one; {@link #CLOSE} closes the connection once the replies before it are written. */
    private void send(byte[] frame) {
        if (frame == CLOSE) {
            outbound.closeWhenFlushed();
        } else if (frame.length > 0) {
            outbound.reply(frame);
        }
    }

    /** Sends a reply in request order: behind the acks of earlier publishes still being stored. */
    public void reply(byte[] frame) {
        replyLock.lock();
        try {
            if (pendingReplies.isEmpty()) {
                send(frame);
            } else {
                ReplySlot slot = new ReplySlot(0);
                slot.frame = frame;
                pendingReplies.add(slot);
            }
        } finally {
            replyLock.unlock();
        }
    }

    /** Fills the places of publishes in the reply order and sends every reply that is now due. */
    void complete(ReplySlot[] slots, byte[][] frames) {
        replyLock.lock();
        try {
            for (int i = 0; i < slots.length; i++) {
                slots[i].frame = frames[i] == null ? CLOSE : frames[i];
                unstored--;
                unstoredBytes -= slots[i].size;
            }
            ReplySlot head;
            while ((head = pendingReplies.peek()) != null && head.frame != null) {
                pendingReplies.poll();
                send(head.frame);
            }
            repliesOut.signalAll();
        } finally {
            replyLock.unlock();
        }
    }

    /** Marks a topic to be drained by this connection's reader once it has read what is buffered. */
    void drainLater(Topic topic) {
        if (!toDrain.contains(topic)) {
            toDrain.add(topic);
        }
    }

    /** Stores and delivers what this connection published since the last call (reader thread). */
    public void drainPublished() {
        for (int i = 0; i < toDrain.size(); i++) {
            broker.drainNow(toDrain.get(i));
        }
        toDrain.clear();
    }

    /** Waits until every reply queued so far is out: before a request that changes the session. */
    public void awaitPendingReplies() {
        drainPublished();
        replyLock.lock();
        try {
            while (!pendingReplies.isEmpty()) {
                repliesOut.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            replyLock.unlock();
        }
    }

    /** Closes the socket at once; the read loop then ends and the session goes offline. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
            broker.connectionClosed(this);
        }
    }

    /** Records that the connection is cut off as a slow consumer; false if it already was. */
    boolean markCutOff() {
        return cutOff.compareAndSet(false, true);
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** The authenticated user, or null. */
    public String user() {
        return user;
    }

    /** Sets the authenticated user (null on a server without users). */
    public void user(String user) {
        this.user = user;
    }

    /** Whether the read loop ended because reading failed; the socket is then gone for writing too. */
    boolean readFailed() {
        return readFailed;
    }

    /** Records that reading failed (a reset): what is queued cannot be written either. */
    public void readFailed(boolean failed) {
        readFailed = failed;
    }

    /**
     * Flow control for the reader: while the client does not read what it is sent (the
     * outbound is over its bound), stores what it published and reads no more until it does.
     */
    public void awaitOwnRoom() {
        if (outbound.overBytesSince() >= 0) {
            drainPublished();
            outbound.awaitBytesRoom();
        }
    }

    /** Whether a last frame or a close is queued: the connection is on its way out. */
    public boolean closing() {
        return outbound.closing();
    }

    /** Queues a last frame (null for none) behind every reply; once written, the connection closes. */
    public void lastFrame(byte[] frame) {
        awaitPendingReplies();
        outbound.lastFrame(frame);
    }

    /** The client acknowledged messages: a wire whose window was full takes more. */
    public void windowOpened() {
        outbound.windowOpened();
    }

    /** Says the reader is done: the session goes offline and the socket closes once what is queued is written. */
    public void ended() {
        awaitPendingReplies();
        broker.connectionEnded(this);
    }

    public String describe() {
        return "connection " + id + " (" + connection.remoteAddress() + ")";
    }
}
