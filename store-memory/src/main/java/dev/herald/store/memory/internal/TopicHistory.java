package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One topic's retained history: the newest {@code max} messages, oldest first, in a ring
 * buffer that grows on demand up to the bound. Guarded by its own lock, so topics never wait
 * for each other.
 */
final class TopicHistory {

    private static final Message[] EMPTY = {};
    private static final int FIRST_CAPACITY = 16;

    /** Held while appending (ids are taken under it, so they increase along the history) and reading. */
    final ReentrantLock lock = new ReentrantLock();

    private final int max;
    private Message[] ring = EMPTY;
    /** Index of the oldest message. */
    private int head;
    private int size;

    TopicHistory(int max) {
        this.max = max;
    }

    /** Adds the newest message, dropping the oldest beyond the bound. The caller holds {@link #lock}. */
    void add(Message message) {
        if (max == 0) {
            return;
        }
        if (size < ring.length) {
            int tail = head + size;
            ring[tail < ring.length ? tail : tail - ring.length] = message;
            size++;
        } else if (ring.length < max) {
            grow();
            ring[size++] = message;
        } else {
            // Full at the bound: the newest takes the oldest's place.
            ring[head] = message;
            if (++head == ring.length) {
                head = 0;
            }
        }
    }

    /** The history, oldest first, as an unmodifiable copy. */
    List<Message> snapshot() {
        lock.lock();
        try {
            Message[] copy = new Message[size];
            int firstPart = Math.min(size, ring.length - head);
            System.arraycopy(ring, head, copy, 0, firstPart);
            System.arraycopy(ring, 0, copy, firstPart, size - firstPart);
            return Collections.unmodifiableList(Arrays.asList(copy));
        } finally {
            lock.unlock();
        }
    }

    private void grow() {
        int capacity = (int) Math.min(max, Math.max(FIRST_CAPACITY, 2L * ring.length));
        Message[] bigger = new Message[capacity];
        int firstPart = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, bigger, 0, firstPart);
        System.arraycopy(ring, 0, bigger, firstPart, size - firstPart);
        ring = bigger;
        head = 0;
    }
}
