package dev.herald.broker.client.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Writes frames of many threads to one stream. A writer only copies its frame into a buffer
 * under a lock; a flusher thread of its own writes the buffer to the socket. While the
 * flusher is busy, frames pile up in the buffer, so a thousand pipelined publishes leave in a
 * few socket writes instead of a thousand.
 */
public final class FrameWriter {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final OutputStream out;
    private final Consumer<IOException> onFailure;
    private boolean dirty;
    private boolean closed;
    private volatile long lastWriteNanos = System.nanoTime();

    /**
     * @param stream    the stream to write, usually a socket's
     * @param name      the flusher thread's name
     * @param onFailure told when flushing fails (the writer is then of no further use)
     */
    public FrameWriter(OutputStream stream, String name, Consumer<IOException> onFailure) {
        this.out = new BufferedOutputStream(stream, BUFFER_SIZE);
        this.onFailure = onFailure;
        Thread.ofVirtual().name(name).start(this::flushLoop);
    }

    /**
     * Queues one frame (its bytes, LF included) unless the writer is closed or {@code admit},
     * run under the lock just before, says no. So whatever {@code admit} records happens in
     * the same order as the frames leave.
     *
     * @return whether the frame was queued
     * @throws IOException when the buffer was full and writing it failed
     */
    public boolean write(byte[] frame, BooleanSupplier admit) throws IOException {
        lock.lock();
        try {
            if (closed || !admit.getAsBoolean()) {
                return false;
            }
            out.write(frame);
            lastWriteNanos = System.nanoTime();
            if (!dirty) {
                dirty = true;
                work.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@link System#nanoTime()} of the last frame queued. */
    public long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** Refuses further frames and ends the flusher; what is still buffered is dropped. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        lock.lock();
        try {
            while (true) {
                while (!dirty && !closed) {
                    work.await();
                }
                if (closed) {
                    return;
                }
                dirty = false;
                out.flush();
            }
        } catch (IOException e) {
            closed = true;
            onFailure.accept(e);
        } catch (InterruptedException e) {
            closed = true;
        } finally {
            lock.unlock();
        }
    }
}
