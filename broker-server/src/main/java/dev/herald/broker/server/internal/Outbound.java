package dev.herald.broker.server.internal;

import dev.herald.broker.api.Message;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frames waiting to be written to one connection, and the writer that writes them.
 *
 * <p>Producers (the connection's reader, topic drainers) never block on the socket: they
 * append frames and return. A writer thread, started when frames arrive at an idle
 * outbound, copies as many queued frames as fit into one buffer and writes them with one
 * system call, so a burst costs few writes; it stops when the queue runs dry.
 *
 * <p>Live data is bounded: when the unwritten bytes of counted frames would go over the
 * bound, the outbound overflows: it keeps the messages that arrive from then on aside
 * (they are handed back with the unwritten ones by {@link #takeUndelivered()}) and calls
 * the overflow handler once, which takes the session offline. Frames the writer has taken
 * count as delivered. Replays that a client asked for (history, queued messages) are not
 * counted: their size is bounded by the store's caps.
 */
final class Outbound {

    private static final int BATCH_BYTES = 64 * 1024;
    /** Batch buffers kept between bursts, shared by all connections; a full pool drops what is returned. */
    private static final ArrayBlockingQueue<byte[]> BUFFERS = new ArrayBlockingQueue<>(64);

    private record Frame(byte[] bytes, Message message, boolean counted) {
    }

    private static final Frame CLOSE = new Frame(new byte[0], null, false);

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>(4);
    private final OutputStream out;
    private final long bound;
    private final Runnable onOverflow;
    private final Runnable onClose;
    private long countedBytes;
    private boolean writerActive;
    /** Whether frames are queued for writing; false once overflowed, failed, closing or closed. */
    private boolean accepting = true;
    /** Messages kept aside for the offline queue after an overflow or a failed write. */
    private List<Message> held;
    private volatile boolean closeQueued;

    /**
     * @param out        the socket's output
     * @param bound      the most unwritten counted bytes held
     * @param onOverflow called once, from a producer's thread, when the bound is passed; must not block
     * @param onClose    closes the connection (after a close-after-flush, or when writing fails)
     */
    Outbound(OutputStream out, long bound, Runnable onOverflow, Runnable onClose) {
        this.out = out;
        this.bound = bound;
        this.onOverflow = onOverflow;
        this.onClose = onClose;
    }

    /** Queues a reply or an error; it counts against the bound. Ignored once closing. */
    void reply(byte[] frame) {
        add(new Frame(frame, null, true), null);
    }

    /** Queues a live message; when the outbound has overflowed it is kept for the offline queue. */
    void message(Message message, byte[] frame) {
        add(new Frame(frame, message, true), message);
    }

    /** Queues live messages, in order, under one lock; {@code frames[i]} is the frame of message i. */
    void messages(List<Message> messages, byte[][] frames) {
        boolean overflowNow = false;
        lock.lock();
        try {
            for (int i = 0; i < frames.length; i++) {
                Message m = messages.get(i);
                if (accepting) {
                    if (countedBytes > 0 && countedBytes + frames[i].length > bound) {
                        accepting = false;
                        held = new ArrayList<>();
                        overflowNow = true;
                    } else {
                        countedBytes += frames[i].length;
                        queue.add(new Frame(frames[i], m, true));
                        continue;
                    }
                }
                if (held != null) {
                    held.add(m);
                }
            }
            if (!queue.isEmpty()) {
                startWriterLocked();
            }
        } finally {
            lock.unlock();
        }
        if (overflowNow) {
            onOverflow.run();
        }
    }

    /**
     * Queues a reply followed by the messages it announces, with nothing in between; they do
     * not count against the bound.
     */
    void replay(byte[] header, List<Message> messages, List<byte[]> frames) {
        lock.lock();
        try {
            if (!accepting) {
                return;
            }
            queue.add(new Frame(header, null, false));
            for (int i = 0; i < frames.size(); i++) {
                queue.add(new Frame(frames.get(i), messages.get(i), false));
            }
            startWriterLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a last frame behind what is queued; once it is written the connection is
     * closed. Nothing is accepted after it.
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
            accepting = false;
            if (lastFrame != null) {
                queue.add(new Frame(lastFrame, null, false));
            }
            queue.add(CLOSE);
            startWriterLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting frames and takes out the messages not yet handed to the socket, oldest
     * first, so that they can go to the session's offline queue. Queued replies stay.
     */
    List<Message> takeUndelivered() {
        lock.lock();
        try {
            List<Message> undelivered = new ArrayList<>();
            var frames = queue.iterator();
            while (frames.hasNext()) {
                Frame f = frames.next();
                if (f.message() != null) {
                    undelivered.add(f.message());
                    frames.remove();
                }
            }
            if (held != null) {
                undelivered.addAll(held);
                held = null;
            }
            accepting = false;
            return undelivered;
        } finally {
            lock.unlock();
        }
    }


    /** Whether a last frame or a close is queued: the connection is on its way out. */
    boolean closing() {
        return closeQueued;
    }

    private void add(Frame frame, Message message) {
        boolean overflowNow = false;
        lock.lock();
        try {
            if (accepting) {
                if (countedBytes > 0 && countedBytes + frame.bytes().length > bound) {
                    accepting = false;
                    held = new ArrayList<>();
                    overflowNow = true;
                } else {
                    countedBytes += frame.bytes().length;
                    queue.add(frame);
                    startWriterLocked();
                    return;
                }
            }
            if (held != null && message != null) {
                held.add(message);
            }
        } finally {
            lock.unlock();
        }
        if (overflowNow) {
            onOverflow.run();
        }
    }

    private void startWriterLocked() {
        if (!writerActive) {
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
                            countedBytes -= n;
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

    private void finish() {
        lock.lock();
        try {
            writerActive = false;
            if (accepting) {
                accepting = false;
                held = new ArrayList<>();
            }
        } finally {
            lock.unlock();
        }
        onClose.run();
    }
}
