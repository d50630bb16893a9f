package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.SessionRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stored session: its subscriptions, its online state and its offline queue, each
 * method atomic under the session's own lock, so sessions never wait for each other.
 * Replacing the session object in the table (a new {@code CONN}) discards all of it at once.
 */
final class Session {

    private final ReentrantLock lock = new ReentrantLock();
    /** Topic filter to the QoS of its subscription. */
    private final Map<String, Integer> subscriptions = new HashMap<>();
    private final OfflineQueue queue;
    /** Epoch ms since when the session is offline, or {@code -1} while online; read without the lock. */
    private volatile long offlineSince = -1;

    private final String owner;
    private final QueuedBytes pool;
    /** Set once the session left its table: its queue counts no more. */
    private boolean gone;

    Session(int offlineMax, String owner, QueuedBytes pool) {
        this.queue = new OfflineQueue(offlineMax);
        this.owner = owner;
        this.pool = pool;
    }

    /**
     * Brings the store-wide count up to date after a change of this queue that began at
     * {@code before} bytes, then drops this queue's oldest messages while the store is over
     * its bound. Under the lock.
     *
     * @return how many were dropped
     */
    private int account(long before) {
        if (gone) {
            return 0;
        }
        long over = pool.add(queue.bytes() - before);
        if (over <= 0) {
            return 0;
        }
        long now = queue.bytes();
        int dropped = queue.dropOldest(over);
        pool.add(queue.bytes() - now);
        return dropped;
    }

    /** The session leaves its table: what its queue held no longer counts. */
    void leave() {
        lock.lock();
        try {
            if (!gone) {
                gone = true;
                pool.add(-queue.bytes());
            }
        } finally {
            lock.unlock();
        }
    }

    SessionRecord record(String clientId) {
        lock.lock();
        try {
            return new SessionRecord(clientId, subscriptions, offlineSince, owner);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a subscription, or changes the QoS of the one present. */
    void subscribe(String filter, int qos) {
        lock.lock();
        try {
            subscriptions.put(filter, qos);
        } finally {
            lock.unlock();
        }
    }

    void unsubscribe(String topic) {
        lock.lock();
        try {
            subscriptions.remove(topic);
        } finally {
            lock.unlock();
        }
    }

    long offlineSince() {
        return offlineSince;
    }

    void markOnline() {
        offlineSince = -1;
    }

    void markOffline(long at) {
        offlineSince = at;
    }

    /**
     * Queues {@code messages[from..to)}, which are newer than anything this topic queued before.
     *
     * @return how many queued messages were dropped for lack of room
     */
    int queue(Message[] messages, int from, int to) {
        lock.lock();
        try {
            long before = queue.bytes();
            int dropped = 0;
            for (int i = from; i < to; i++) {
                dropped += queue.add(messages[i]);
            }
            return dropped + account(before);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues stored messages in any order, skipping those queued already.
     *
     * @return how many queued messages were dropped for lack of room
     */
    int enqueue(List<Message> messages) {
        lock.lock();
        try {
            long before = queue.bytes();
            int dropped = queue.addAll(messages);
            return dropped + account(before);
        } finally {
            lock.unlock();
        }
    }

    /** Empties the queue, returning the messages published at or after the cutoff, oldest first. */
    List<Message> drain(long publishedNotBefore) {
        lock.lock();
        try {
            long before = queue.bytes();
            List<Message> drained = queue.drain(publishedNotBefore);
            account(before);
            return drained;
        } finally {
            lock.unlock();
        }
    }

    /** How many messages are queued. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Removes up to {@code limit} queued messages published before the cutoff; returns how many. */
    int purge(long publishedBefore, int limit) {
        lock.lock();
        try {
            long before = queue.bytes();
            int purged = queue.purge(publishedBefore, limit);
            account(before);
            return purged;
        } finally {
            lock.unlock();
        }
    }
}
