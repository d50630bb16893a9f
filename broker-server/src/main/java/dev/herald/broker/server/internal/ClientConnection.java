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
 */
final class ClientConnection {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    /** Publishes of one connection waiting to be stored; past it the reader stops reading. */
    private static final int MAX_PUBLISHES_IN_FLIGHT = 8192;

    /** A place in the reply order, filled when the reply is known. */
    static final class ReplySlot {
        private byte[] frame;
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
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The session this connection is online in; set and cleared under the presence write lock. */
    volatile Session session;
    volatile long lastActivity;
    private String user;
    /** Topics this connection published to since its reader last drained them (reader thread only). */
    private final java.util.List<Topic> toDrain = new java.util.ArrayList<>(2);

    ClientConnection(long id, Connection connection, Broker broker, java.io.OutputStream out, long outboundBound,
                     Admission.Pending pending) {
        this.id = id;
        this.pending = pending;
        this.connection = connection;
        this.broker = broker;
        this.outbound = new Outbound(out, outboundBound, () -> broker.slowConsumer(this), this::close);
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
                handle(frame);
                if (!reader.hasFrame()) {
                    drainPublished();
                }
            }
        } catch (IOException e) {
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
                    broker.connect(this, conn.clientId());
                }
                case Request.Recon recon -> {
                    awaitPendingReplies();
                    authenticate(recon.credentials());
                    pending.done(); // logged in: before the ack, so that the client's next connection finds room
                    broker.resume(this, recon.clientId());
                }
                case Request.Sub sub -> {
                    broker.checkTopic(sub.topic(), user, Users.Access.SUBSCRIBE);
                    awaitPendingReplies();
                    broker.subscribe(this, sub.topic());
                }
                case Request.Unsub unsub -> {
                    broker.checkTopic(unsub.topic(), null, null);
                    awaitPendingReplies();
                    broker.unsubscribe(this, unsub.topic());
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
            LOG.log(ERROR, "store failed: " + e.getMessage(), e);
            reply(Frames.err(ErrorCode.STORE_UNAVAILABLE, "the store failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(ERROR, "unexpected failure handling a frame of connection " + id, e);
            reply(Frames.err(ErrorCode.INTERNAL, "internal error: " + e));
        }
    }

    private void authenticate(Request.Credentials credentials) throws ProtocolException {
        user = broker.authenticate(credentials, this);
    }

    private void publish(Request.Pub pub) throws ProtocolException {
        Topic topic = broker.checkTopic(pub.topic(), user, Users.Access.PUBLISH);
        ReplySlot slot = new ReplySlot();
        boolean placed;
        replyLock.lock();
        try {
            placed = pendingReplies.size() < MAX_PUBLISHES_IN_FLIGHT && pendingReplies.add(slot);
        } finally {
            replyLock.unlock();
        }
        if (!placed) {
            // Too many publishes of this connection wait: store some before reading more.
            drainPublished();
            replyLock.lock();
            try {
                while (pendingReplies.size() >= MAX_PUBLISHES_IN_FLIGHT && !closed.get()) {
                    repliesOut.await(100, TimeUnit.MILLISECONDS);
                }
                pendingReplies.add(slot);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                replyLock.unlock();
            }
        }
        broker.publish(this, topic, pub, slot);
    }

    /** Sends a reply in request order: behind the acks of earlier publishes still being stored. */
    void reply(byte[] frame) {
        replyLock.lock();
        try {
            if (pendingReplies.isEmpty()) {
                outbound.reply(frame);
            } else {
                ReplySlot slot = new ReplySlot();
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
            }
            ReplySlot head;
            while ((head = pendingReplies.peek()) != null && head.frame != null) {
                pendingReplies.poll();
                outbound.reply(head.frame);
            }
            if (pendingReplies.size() < MAX_PUBLISHES_IN_FLIGHT) {
                repliesOut.signalAll();
            }
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

    boolean isClosed() {
        return closed.get();
    }

    String describe() {
        return "connection " + id + " (" + connection.remoteAddress() + ")";
    }
}
