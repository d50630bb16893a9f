package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One session's offline queue: messages ordered by id, at most {@code max} of them, the
 * oldest dropped beyond it. A ring buffer that grows on demand up to the bound, so an idle
 * session costs nothing and adding the newest message costs no copying.
 *
 * <p>Not thread-safe: its {@link Session} guards it.
 */
final class OfflineQueue {

    private static final Message[] EMPTY = {};
    private static final int FIRST_CAPACITY = 8;
    private static final int MAX_CAPACITY = 1 << 30;

    private final int max;
    private Message[] ring = EMPTY;
    /** Ring index of the oldest message; the ring's length is zero or a power of two. */
    private int head;
    private int size;
    /**
     * No queued message was published before this (epoch ms). Dropping from the head may
     * leave it lower than the true minimum, which only costs a scan in {@link #purge}.
     */
    private long publishedNotBefore = Long.MAX_VALUE;
    /** What the queued messages take, as {@link #cost} counts it. */
    private long bytes;

    OfflineQueue(int max) {
        this.max = max;
    }

    int size() {
        return size;
    }

    /** What the queued messages take, about: payload, properties and topic, and a fixed share for the rest. */
    long bytes() {
        return bytes;
    }

    /** What one queued message takes, about. */
    static long cost(Message message) {
        return message.payloadSize() + message.propertiesSize() + 2L * message.topic().length() + 64;
    }

    /**
     * Drops the oldest messages until at least {@code toFree} bytes are freed or the queue is
     * empty.
     *
     * @return how many were dropped
     */
    int dropOldest(long toFree) {
        long goal = bytes - toFree;
        int dropped = 0;
        while (size > 0 && bytes > goal) {
            removeOldest();
            dropped++;
        }
        if (size == 0) {
            clear();
        }
        return dropped;
    }

    /**
     * Adds a message unless it is queued already, dropping the oldest beyond the bound.
     *
     * @return how many messages were dropped (0 or 1)
     */
    int add(Message message) {
        if (max == 0) {
            return 1;
        }
        int dropped = 0;
        if (size == 0 || at(size - 1).id() < message.id()) {
            // The common case: the newest message goes to the tail.
            if (size == max) {
                removeOldest();
                dropped = 1;
            }
            ensureCapacity(size + 1);
            ring[slot(size)] = message;
            bytes += cost(message);
        } else {
            int index = search(message.id());
            if (index >= 0) {
                return 0;
            }
            int position = -index - 1;
            if (size == max) {
                if (position == 0) {
                    return 1; // older than everything in a full queue: it is the one to drop
                }
                removeOldest();
                dropped = 1;
                position--;
            }
            ensureCapacity(size + 1);
            for (int i = size; i > position; i--) {
                ring[slot(i)] = at(i - 1);
            }
            ring[slot(position)] = message;
            bytes += cost(message);
        }
        size++;
        publishedNotBefore = Math.min(publishedNotBefore, message.publishedAt());
        return dropped;
    }

    /**
     * Adds messages in any order, skipping those queued already, dropping the oldest beyond
     * the bound. Merges in one pass, so handing back a long list costs no more than copying.
     *
     * @return how many messages were dropped
     */
    int addAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        if (messages.size() == 1) {
            return add(messages.get(0));
        }
        Message[] incoming = messages.toArray(Message[]::new);
        Arrays.sort(incoming, Comparator.comparingLong(Message::id));
        Message[] merged = new Message[size + incoming.length];
        int count = 0;
        int mine = 0;
        int theirs = 0;
        while (mine < size || theirs < incoming.length) {
            Message next;
            if (theirs == incoming.length || (mine < size && at(mine).id() <= incoming[theirs].id())) {
                next = at(mine++);
            } else {
                next = incoming[theirs++];
            }
            if (count == 0 || merged[count - 1].id() != next.id()) {
                merged[count++] = next;
            }
        }
        int dropped = Math.max(0, count - max);
        int kept = count - dropped;
        ring = kept == 0 ? EMPTY : new Message[capacityFor(kept)];
        System.arraycopy(merged, dropped, ring, 0, kept);
        head = 0;
        size = kept;
        publishedNotBefore = Long.MAX_VALUE;
        bytes = 0;
        for (int i = 0; i < kept; i++) {
            publishedNotBefore = Math.min(publishedNotBefore, ring[i].publishedAt());
            bytes += cost(ring[i]);
        }
        return dropped;
    }

    /**
     * Empties the queue, returning the messages published at or after {@code publishedNotBefore},
     * oldest first.
     */
    List<Message> drain(long publishedNotBefore) {
        List<Message> kept = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Message message = at(i);
            if (message.publishedAt() >= publishedNotBefore) {
                kept.add(message);
            }
        }
        clear();
        return kept;
    }

    /**
     * Removes up to {@code limit} messages published before {@code publishedBefore}.
     *
     * @return how many were removed
     */
    int purge(long publishedBefore, int limit) {
        if (limit <= 0 || publishedNotBefore >= publishedBefore) {
            return 0;
        }
        int removed = 0;
        int kept = 0;
        long oldestKept = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            Message message = at(i);
            if (removed < limit && message.publishedAt() < publishedBefore) {
                removed++;
                bytes -= cost(message);
            } else {
                ring[slot(kept++)] = message;
                oldestKept = Math.min(oldestKept, message.publishedAt());
            }
        }
        for (int i = kept; i < size; i++) {
            ring[slot(i)] = null;
        }
        size = kept;
        publishedNotBefore = oldestKept;
        if (size == 0) {
            clear();
        }
        return removed;
    }

    /** Drops everything and gives the memory back. */
    void clear() {
        ring = EMPTY;
        head = 0;
        size = 0;
        bytes = 0;
        publishedNotBefore = Long.MAX_VALUE;
    }

    private void removeOldest() {
        bytes -= cost(ring[head]);
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
    }

    /** Index of the message with this id, or {@code -(insertion point) - 1}. */
    private int search(long id) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = at(middle).id();
            if (found < id) {
                low = middle + 1;
            } else if (found > id) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    private Message at(int index) {
        return ring[slot(index)];
    }

    private int slot(int index) {
        return (head + index) & (ring.length - 1);
    }

    private void ensureCapacity(int needed) {
        if (needed <= ring.length) {
            return;
        }
        Message[] bigger = new Message[capacityFor(needed)];
        for (int i = 0; i < size; i++) {
            bigger[i] = at(i);
        }
        ring = bigger;
        head = 0;
    }

    /** The smallest power of two, at least {@value #FIRST_CAPACITY}, that holds {@code needed}. */
    private static int capacityFor(int needed) {
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("an offline queue cannot hold more than " + MAX_CAPACITY + " messages");
        }
        return Math.max(FIRST_CAPACITY, Integer.highestOneBit(needed - 1) << 1);
    }
}
