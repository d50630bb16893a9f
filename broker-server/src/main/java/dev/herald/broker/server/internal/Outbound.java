package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The frames waiting to be written to one connection, and the writer that writes them.
 *
 * <p>Producers (the connection's reader, topic drainers) never block on the socket: they
 * append frames and return. A writer thread, started when frames arrive at an idle
 * outbound, copies as many queued frames as fit into one buffer and writes them with one
 * system call, so a burst costs few writes; it stops when the queue runs dry.
 *
 * <p>Flow control: live data (replies and live messages) is bounded. {@link #offer} takes
 * messages only while the unwritten counted bytes are within the bound, so the bound is
 * passed by one frame at most, and tells the producer where it stopped; the producer then
 * waits in {@link #awaitRoom()} until the writer has written half of the bound (a low
 * watermark, so that a producer and the writer do not wake each other for every batch),
 * and offers the rest. The
 * outbound remembers since when it is over its bound ({@link #overBoundSince()}), so that
 * the engine can cut off a consumer that stays over it too long, and calls its over-bound
 * handler each time it goes over. Replays that a client asked for (history, queued
 * messages) are not counted: their size is bounded by the store's caps.
 *
 * <p>Once it stops accepting (closing, taken over, a failed write), the messages offered
 * from then on are kept aside and handed back with the unwritten ones by
 * {@link #takeUndelivered(boolean)}, for the session's offline queue. Frames the writer has
 * taken count as delivered. The messages of a replay belong to the reply that announced
 * them: while the connection can still be written to, they stay queued behind it.
 */
final class Outbound {

    private static final int BATCH_BYTES = 64 * 1024;
    /** Batch buffers kept between bursts, shared by all connections; a full pool drops what is returned. */
    private static final ArrayBlockingQueue<byte[]> BUFFERS = new ArrayBlockingQueue<>(64);

    private record Frame(byte[] bytes, Message message, boolean counted) {
        /** Whether it is a message of a replay (history or queue), announced by the reply before it. */
        boolean replayed() {
            return message != null && !counted;
        }
    }

    private static final Frame CLOSE = new Frame(new byte[0], null, false);
    /** Where a held-back replay goes: frames before it are written, frames after it wait. */
    private static final Frame MARK = new Frame(new byte[0], null, false);

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the counted bytes fall to the low watermark, or the outbound stops accepting. */
    private final Condition room = lock.newCondition();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>(4);
    private final OutputStream out;
    private final Wire wire;
    private final long bound;
    /** Waiting producers go on when the counted bytes fall to this. */
    private final long lowWatermark;
    private final LongSupplier clock;
    private final Runnable onOverBound;
    private final Runnable onClose;
    private long countedBytes;
    /** Whether the wire took no more messages: the client's window of unacknowledged ones is full. */
    private boolean windowFull;
    /** Since when the window is full (clock ms), or -1. */
    private volatile long windowFullSince = -1;
    /** When the counted bytes went over the bound (clock ms), or -1 while within it. */
    private volatile long overSince = -1;
    private int waiting;
    /**
     * Called, under the lock, when room is made or the outbound stops accepting: for producers
     * that wait for room in any of several outbounds ({@link #awaitRoomInAny}). Null while none do.
     */
    private List<Runnable> roomWatchers;
    private boolean writerActive;
    /** While true, frames queue up but nothing is written: a replay is being read. */
    private boolean holding;
    /** Whether frames are queued for writing; false once closing, taken over or failed. */
    private boolean accepting = true;
    /** Messages kept aside for the offline queue once the outbound stopped accepting. */
    private List<Message> held;
    private volatile boolean closeQueued;

    /**
     * @param out         the socket's output
     * @param wire        the protocol's encoding of messages for this connection
     * @param bound       the most unwritten counted bytes taken in before producers must wait
     * @param clock       the engine's clock, epoch ms
     * @param onOverBound called from a producer's thread each time the bound is passed; must not block
     * @param onClose     closes the connection (after a close-after-flush, or when writing fails)
     */
    Outbound(OutputStream out, Wire wire, long bound, LongSupplier clock, Runnable onOverBound, Runnable onClose) {
        this.out = out;
        this.wire = wire;
        this.bound = bound;
        this.lowWatermark = bound / 2;
        this.clock = clock;
        this.onOverBound = onOverBound;
        this.onClose = onClose;
    }

    /** Queues a reply or an error; it counts against the bound but is never refused. Ignored once closing. */
    void reply(byte[] frame) {
        add(frame, null);
    }

    private void add(byte[] frame, Message message) {
        boolean crossed;
        lock.lock();
        try {
            if (!accepting) {
                if (message != null) {
                    keep(message);
                }
                return;
            }
            queue.add(new Frame(frame, message, true));
            crossed = count(frame.length);
            startWriterLocked();
        } finally {
            lock.unlock();
        }
        if (crossed) {
            onOverBound.run();
        }
    }

    /**
     * Queues live messages {@code from} up to {@code to} (excluded), in order, while the unwritten counted bytes
     * are within the bound and the wire takes them; the wire makes each frame from the
     * batch's shared encoding. Once the outbound has stopped accepting, every message is kept
     * aside for the offline queue instead. A wire that takes no more (its window of
     * unacknowledged messages is full) counts as over the bound until {@link #windowOpened()}.
     *
     * @return the index of the first message not taken: {@code to} when all were
     */
    int offer(List<Message> messages, Object encoded, Session session, int from, int to) {
        boolean crossed = false;
        int i = from;
        int n = to;
        lock.lock();
        try {
            if (!accepting) {
                for (; i < n; i++) {
                    keep(messages.get(i));
                }
                return i;
            }
            while (i < n && overSince < 0 && !windowFull) {
                Message m = messages.get(i);
                byte[] frame = wire.live(session, m, encoded, i);
                if (frame == null) {
                    windowFull = true;
                    windowFullSince = clock.getAsLong();
                    crossed = true;
                    break;
                }
                queue.add(new Frame(frame, m, true));
                crossed |= count(frame.length);
                i++;
            }
            if (i > from) {
                startWriterLocked();
            }
        } finally {
            lock.unlock();
        }
        if (crossed) {
            onOverBound.run();
        }
        return i;
    }

    /**
     * The client acknowledged messages, so a wire whose window was full takes more: producers
     * waiting for room go on (unless the outbound is over its bound in bytes too).
     */
    void windowOpened() {
        lock.lock();
        try {
            if (!windowFull) {
                return;
            }
            windowFull = false;
            windowFullSince = -1;
            signalRoom();
        } finally {
            lock.unlock();
        }
    }

    /** Adds to the counted bytes; true when that took them over the bound. Under the lock. */
    private boolean count(int n) {
        countedBytes += n;
        if (countedBytes > bound && overSince < 0) {
            overSince = clock.getAsLong();
            return true;
        }
        return false;
    }

    private void keep(Message m) {
        if (held != null) {
            held.add(m);
        }
    }

    /**
     * Waits, as a producer of live messages, while the outbound is over its bound or its
     * wire's window is full: until the unwritten counted bytes fall to half of the bound and
     * the client acknowledged messages, or the outbound stops accepting (closed, taken over,
     * cut off). Returns at once if neither holds.
     */
    void awaitRoom() {
        awaitRoom(true);
    }

    /**
     * Waits, as a producer of live messages, until one of several outbounds has room as
     * {@link #awaitRoom()} has it, or stops accepting: for a shared subscription's message,
     * which any of the group's members may take. Returns at once if one has room already.
     */
    static void awaitRoomInAny(List<Outbound> outbounds) {
        Thread waiter = Thread.currentThread();
        AtomicBoolean roomMade = new AtomicBoolean();
        Runnable wake = () -> {
            roomMade.set(true);
            LockSupport.unpark(waiter);
        };
        List<Outbound> watched = new ArrayList<>(outbounds.size());
        try {
            for (Outbound o : outbounds) {
                if (!o.watchRoom(wake)) {
                    return;
                }
                watched.add(o);
            }
            while (!roomMade.get() && !Thread.currentThread().isInterrupted()) {
                LockSupport.park(watched);
            }
        } finally {
            for (Outbound o : watched) {
                o.unwatchRoom(wake);
            }
        }
    }

    /** Calls {@code wake} once room is made; false, calling nothing, when there is room already. */
    private boolean watchRoom(Runnable wake) {
        lock.lock();
        try {
            if (!accepting || (overSince < 0 && !windowFull)) {
                return false;
            }
            if (roomWatchers == null) {
                roomWatchers = new ArrayList<>(1);
            }
            roomWatchers.add(wake);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void unwatchRoom(Runnable wake) {
        lock.lock();
        try {
            if (roomWatchers != null && roomWatchers.remove(wake) && roomWatchers.isEmpty()) {
                roomWatchers = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the producers waiting for room. Under the lock. */
    private void signalRoom() {
        if (waiting > 0) {
            room.signalAll();
        }
        if (roomWatchers != null) {
            roomWatchers.forEach(Runnable::run);
        }
    }

    /**
     * Waits, as the connection's own reader, while the outbound is over its bound in bytes:
     * a full window does not stop the reader, which must read the acknowledgements that
     * open it.
     */
    void awaitBytesRoom() {
        awaitRoom(false);
    }

    private void awaitRoom(boolean window) {
        lock.lock();
        try {
            if (overSince < 0 && !(window && windowFull)) {
                return;
            }
            waiting++;
            try {
                while (accepting && (overSince >= 0 || (window && windowFull))) {
                    room.await();
                }
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Since when the outbound is over its bound or its window is full (clock ms), whichever
     * came first, or -1 while neither holds or it no longer accepts: how long the client has
     * held its publishers back.
     */
    long overBoundSince() {
        long bytes = overSince;
        long window = windowFullSince;
        return bytes < 0 ? window : window < 0 ? bytes : Math.min(bytes, window);
    }

    /** When the outbound went over its bound in bytes (clock ms), or -1. */
    long overBytesSince() {
        return overSince;
    }

    /**
     * Holds back what is queued from now on, until {@link #release}: the connection has just
     * gone online or subscribed, and the replay that must come first is still being read.
     */
    void hold() {
        lock.lock();
        try {
            if (accepting && !holding) {
                holding = true;
                queue.add(MARK);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts a reply and the messages it announces where the hold began, in front of what was
     * held back, and writes it all. A message that was queued live during the hold is left
     * out of the replay, so that each arrives once, live; the reply announces how many the
     * replay has.
     *
     * @param header  the reply, given the number of messages to replay (made before their frames, and
     *                exact when the encoder leaves none out); null to just go on
     * @param encoder a replayed message's frame, or null to leave it out
     * @return how many messages the replay has
     */
    int release(IntFunction<byte[]> header, List<Message> replay, Function<Message, byte[]> encoder) {
        lock.lock();
        try {
            if (!holding) {
                return 0;
            }
            holding = false;
            ArrayDeque<Frame> before = new ArrayDeque<>();
            Frame f;
            while ((f = queue.poll()) != MARK) {
                before.add(f);
            }
            int count = 0;
            if (header != null) {
                Set<Long> live = new HashSet<>();
                for (Frame held : queue) {
                    if (held.message() != null) {
                        live.add(held.message().id());
                    }
                }
                List<Message> replayed = new ArrayList<>(replay.size());
                for (Message m : replay) {
                    if (live.isEmpty() || !live.contains(m.id())) {
                        replayed.add(m);
                    }
                }
                // the reply first: it may send again what was in flight, before the replay sends more
                before.add(new Frame(header.apply(replayed.size()), null, false));
                for (Message m : replayed) {
                    byte[] frame = encoder.apply(m);
                    if (frame != null) {
                        before.add(new Frame(frame, m, false));
                        count++;
                    }
                }
            }
            before.addAll(queue);
            queue.clear();
            queue.addAll(before);
            if (!queue.isEmpty()) {
                startWriterLocked();
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a hold without a replay, taking out the live messages held back (the connection
     * did not go online after all); they go back to the offline queue.
     */
    List<Message> cancelHold() {
        lock.lock();
        try {
            if (!holding) {
                return List.of();
            }
            holding = false;
            List<Message> held = new ArrayList<>();
            boolean after = false;
            var frames = queue.iterator();
            while (frames.hasNext()) {
                Frame f = frames.next();
                if (f == MARK) {
                    after = true;
                    frames.remove();
                } else if (after && f.message() != null) {
                    held.add(f.message());
                    if (f.counted()) {
                        uncount(f.bytes().length);
                    }
                    frames.remove();
                }
            }
            if (!queue.isEmpty()) {
                startWriterLocked();
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a last frame (null for none) behind what is queued; once it is written the
     * connection is closed. Nothing is accepted after it.
     */
    void lastFrame(byte[] frame) {
        queueClose(frame);
    }

    /** Closes the connection once everything queued is written; nothing is accepted after. */
    void closeWhenFlushed() {
        queueClose(null);
    }

    private void queueClose(byte[] lastFrame) {
        lock.lock();
        try {
            if (closeQueued) {
                return;
            }
            closeQueued = true;
            stopAccepting();
            if (lastFrame != null) {
                queue.add(new Frame(lastFrame, null, false));
            }
            queue.add(CLOSE);
            startWriterLocked();
        } finally {
            lock.unlock();
        }
    }

    /** From now on messages are kept aside, and no producer waits for room. Under the lock. */
    private void stopAccepting() {
        if (holding) {
            holding = false;
            queue.remove(MARK);
        }
        if (accepting) {
            accepting = false;
            held = new ArrayList<>();
            overSince = -1;
            windowFull = false;
            windowFullSince = -1;
            signalRoom();
        }
    }

    /**
     * Stops accepting frames and takes out the messages not yet handed to the socket, oldest
     * first, with those kept aside since, so that they can go to the session's offline
     * queue. Queued replies stay.
     *
     * @param keepReplays whether the messages of replays stay queued behind the replies that
     *                    announced them, to be written with them: for a connection that will
     *                    still be written to (its client stopped sending, or sent a frame
     *                    that closes it), so that a {@code SUB_ACK} or {@code CONN_ACK} is
     *                    never followed by fewer messages than it announced
     */
    List<Message> takeUndelivered(boolean keepReplays) {
        lock.lock();
        try {
            stopAccepting();
            List<Message> undelivered = new ArrayList<>();
            var frames = queue.iterator();
            while (frames.hasNext()) {
                Frame f = frames.next();
                if (f.message() != null && !(keepReplays && f.replayed())) {
                    undelivered.add(f.message());
                    frames.remove();
                }
            }
            if (held != null) {
                undelivered.addAll(held);
                held = null;
            }
            return undelivered;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a last frame or a close is queued: the connection is on its way out. */
    boolean closing() {
        return closeQueued;
    }

    private void startWriterLocked() {
        if (!writerActive && !holding) {
            writerActive = true;
            Thread.ofVirtual().name("herald-writer").start(this::writeLoop);
        }
    }

    private void writeLoop() {
        byte[] buf = BUFFERS.poll();
        if (buf == null) {
            buf = new byte[BATCH_BYTES];
        }
        ArrayDeque<Frame> batch = new ArrayDeque<>();
        try {
            while (true) {
                int len = 0;
                byte[] large = null;
                boolean closeAfter = false;
                batch.clear();
                // Only references move under the lock; the bytes are copied after it, so that
                // producers are not held up by the copy.
                lock.lock();
                try {
                    while (!queue.isEmpty()) {
                        Frame f = queue.peek();
                        if (f == MARK) {
                            break; // what follows waits for the replay
                        }
                        if (f == CLOSE) {
                            queue.poll();
                            closeAfter = true;
                            break;
                        }
                        int n = f.bytes().length;
                        if (n > buf.length) {
                            if (len > 0) {
                                break;
                            }
                            large = f.bytes();
                        } else if (len + n > buf.length) {
                            break;
                        }
                        queue.poll();
                        batch.add(f);
                        len += n;
                        if (f.counted()) {
                            uncount(n);
                        }
                        if (large != null) {
                            break;
                        }
                    }
                    if (batch.isEmpty() && !closeAfter) {
                        writerActive = false;
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                if (large == null) {
                    len = 0;
                    for (Frame f : batch) {
                        System.arraycopy(f.bytes(), 0, buf, len, f.bytes().length);
                        len += f.bytes().length;
                    }
                } else {
                    len = 0;
                }
                try {
                    if (len > 0) {
                        out.write(buf, 0, len);
                    }
                    if (large != null) {
                        out.write(large);
                    }
                    out.flush();
                } catch (IOException e) {
                    // The batch did not reach the client: its messages go back in front of the
                    // queue, to be handed to the session's offline queue.
                    lock.lock();
                    try {
                        batch.descendingIterator().forEachRemaining(queue::addFirst);
                    } finally {
                        lock.unlock();
                    }
                    throw e;
                }
                if (closeAfter) {
                    finish();
                    return;
                }
            }
        } catch (IOException e) {
            finish();
        } finally {
            BUFFERS.offer(buf);
        }
    }

    /**
     * Takes written bytes off the count. Once it went over the bound, the outbound counts as
     * over it until the count falls to the low watermark, where waiting producers go on: a
     * consumer that stops reading between the two is still a slow consumer. Under the lock.
     */
    private void uncount(int n) {
        countedBytes -= n;
        if (countedBytes <= lowWatermark && overSince >= 0) {
            overSince = -1;
            signalRoom();
        }
    }

    private void finish() {
        lock.lock();
        try {
            writerActive = false;
            stopAccepting();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }
}
