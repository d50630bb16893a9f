package dev.herald.broker.server.internal;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.ProtocolException;
import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.wire.FrameReader;
import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.Verb;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;

/**
 * One client connection: reads its frames, checks them in the order the protocol page
 * gives (verb, session state, arguments, topic, permission), and hands them to the
 * {@link Broker}. Replies leave in request order: a {@code PUB} is stored asynchronously
 * (so a client can pipeline publishes), and every reply queues behind the acks of earlier
 * publishes; a request that changes the session waits until those acks are out.
 *
 * <p>Flow control: the reader reads no further while the connection's own outgoing data is
 * over its bound, or while its publishes not yet stored are over theirs (a count and a
 * size). Then TCP pushes back on the client. So a slow store, or a subscriber that holds
 * back a topic's drainer, slows the publishers down instead of filling the heap. The
 * unstored publishes of a connection are all to one topic: a publish to another topic waits
 * until they are stored, so that ids follow the connection's publish order.
 */
final class ClientConnection {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    /** Publishes of one connection waiting to be stored; past it the reader stops reading. */
    private static final int MAX_PUBLISHES_IN_FLIGHT = 8192;
    /** What a publish counts against the unstored bytes besides its payload: its frame's header. */
    private static final int PUBLISH_OVERHEAD = 32;

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
    /** Whether it was cut off as a slow consumer. */
    private final AtomicBoolean cutOff = new AtomicBoolean();
    private String user;
    /** Topics this connection published to since its reader last drained them (reader thread only). */
    private final java.util.List<Topic> toDrain = new java.util.ArrayList<>(2);

    ClientConnection(long id, Connection connection, Broker broker, java.io.OutputStream out, long outboundBound,
                     Admission.Pending pending) {
        this.id = id;
        this.pending = pending;
        this.connection = connection;
        this.broker = broker;
        this.outbound = new Outbound(out, outboundBound, broker::now, () -> broker.overBound(this), this::close);
        this.maxUnstoredBytes = outboundBound;
        this.lastActivity = broker.now();
    }

    /** The read loop; returns when the connection is done. */
    void run(InputStream in, int maxFrame) {
        FrameReader reader = new FrameReader(in, maxFrame);
        try {
            while (!closed.get() && !outbound.closing()) {
                String frame;
                try {
                    frame = reader.next();
                } catch (ProtocolException e) {
                    lastActivity = broker.now();
                    if (e.code() == ErrorCode.FRAME_TOO_LARGE) {
                        awaitPendingReplies();
                        LOG.log(DEBUG, () -> "connection " + id + ": " + e.getMessage() + ", closing");
                        outbound.lastFrame(Frames.err(e.code(), e.getMessage()));
                        break;
                    }
                    reply(Frames.err(e.code(), e.getMessage()));
                    if (!reader.hasFrame()) {
                        drainPublished();
                    }
                    continue;
                }
                if (frame == null) {
                    break;
                }
                lastActivity = broker.now();
                if (outbound.overBoundSince() >= 0) {
                    // The client does not read what it is sent: read no more from it until it does.
                    drainPublished();
                    outbound.awaitRoom();
                }
                handle(frame);
                if (!reader.hasFrame()) {
                    drainPublished();
                }
            }
        } catch (IOException e) {
            readFailed = true;
            LOG.log(DEBUG, () -> "connection " + id + " read failed: " + e.getMessage());
        } finally {
            awaitPendingReplies();
            broker.connectionEnded(this);
        }
    }

    private void handle(String frame) {
        try {
            Verb verb = Verb.of(frame);
            if (session == null && !verb.allowedWithoutSession()) {
                throw new ProtocolException(ErrorCode.NOT_CONNECTED, "send CONN <client-id> or RECON <client-id> first");
            }
            if ((verb == Verb.CONN || verb == Verb.RECON) && session != null) {
                throw new ProtocolException(ErrorCode.ALREADY_CONNECTED,
                        "this connection already has the session " + session.clientId);
            }
            Request request = verb.parse(frame);
            switch (request) {
                case Request.Pub pub -> publish(pub);
                case Request.Ping ping -> reply(Frames.PONG);
                case Request.Conn conn -> {
                    awaitPendingReplies();
                    authenticate(conn.credentials());
                    pending.done(); // logged in: before the ack, so that the client's next connection finds room
                    broker.connect(this, conn.clientId(), user);
                }
                case Request.Recon recon -> {
                    awaitPendingReplies();
                    authenticate(recon.credentials());
                    pending.done(); // logged in: before the ack, so that the client's next connection finds room
                    broker.resume(this, recon.clientId(), user);
                }
                case Request.Sub sub -> {
                    var filter = broker.checkFilter(sub.topic(), user, Users.Access.SUBSCRIBE);
                    awaitPendingReplies();
                    broker.subscribe(this, filter);
                }
                case Request.Unsub unsub -> {
                    var filter = broker.checkFilter(unsub.topic(), null, null);
                    awaitPendingReplies();
                    broker.unsubscribe(this, filter);
                }
                case Request.Disc disc -> {
                    awaitPendingReplies();
                    broker.disconnect(this);
                }
            }
        } catch (ProtocolException e) {
            if (e.code().closesConnection()) {
                awaitPendingReplies();
                outbound.lastFrame(Frames.err(e.code(), e.getMessage()));
            } else {
                reply(Frames.err(e.code(), e.getMessage()));
            }
        } catch (StoreException e) {
            String incident = Incidents.next();
            LOG.log(ERROR, "incident " + incident + ": the store failed on " + describe() + ": " + e.getMessage(), e);
            reply(Frames.err(ErrorCode.STORE_UNAVAILABLE, "the store failed (incident " + incident
                    + " in the server's log); nothing was changed"));
        } catch (RuntimeException e) {
            String incident = Incidents.next();
            LOG.log(ERROR, "incident " + incident + ": unexpected failure handling a frame of " + describe(), e);
            reply(Frames.err(ErrorCode.INTERNAL, "internal error (incident " + incident + " in the server's log)"));
        }
    }

    private void authenticate(Request.Credentials credentials) throws ProtocolException {
        user = broker.authenticate(credentials, this);
    }

    private void publish(Request.Pub pub) throws ProtocolException {
        Topic topic = broker.checkTopic(pub.topic(), user);
        ReplySlot slot = new ReplySlot(pub.escapedPayload().length() + PUBLISH_OVERHEAD);
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
        broker.publish(this, topic, pub, slot);
    }

    /** Whether a publish must wait for earlier ones to be stored. Under the reply lock. */
    private boolean mustWait(Topic topic, long size) {
        return unstored > 0 && (unstoredTopic != topic || unstored >= MAX_PUBLISHES_IN_FLIGHT
                || unstoredBytes + size > maxUnstoredBytes);
    }

    /** Sends a reply in request order: behind the acks of earlier publishes still being stored. */
    void reply(byte[] frame) {
        replyLock.lock();
        try {
            if (pendingReplies.isEmpty()) {
                outbound.reply(frame);
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
                slots[i].frame = frames[i];
                unstored--;
                unstoredBytes -= slots[i].size;
            }
            ReplySlot head;
            while ((head = pendingReplies.peek()) != null && head.frame != null) {
                pendingReplies.poll();
                outbound.reply(head.frame);
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
    private void drainPublished() {
        for (int i = 0; i < toDrain.size(); i++) {
            broker.drainNow(toDrain.get(i));
        }
        toDrain.clear();
    }

    private void awaitPendingReplies() {
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
    void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
            broker.connectionClosed(this);
        }
    }

    /** Records that the connection is cut off as a slow consumer; false if it already was. */
    boolean markCutOff() {
        return cutOff.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** The authenticated user, or null. */
    String user() {
        return user;
    }

    /** Whether the read loop ended because reading failed; the socket is then gone for writing too. */
    boolean readFailed() {
        return readFailed;
    }

    String describe() {
        return "connection " + id + " (" + connection.remoteAddress() + ")";
    }
}
