package dev.herald.broker.server.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One topic's routing: its subscribers and the publishes waiting to be stored and
 * delivered. One drainer at a time takes waiting publishes in batches, which keeps
 * publish order and lets a durable store commit a batch at once.
 */
final class Topic {

    private static final Session[] NONE = new Session[0];

    final String name;
    final byte[] nameBytes;
    /** Copy-on-write; replaced under the presence write lock, read under the read lock. */
    Session[] subscribers = NONE;
    final ConcurrentLinkedQueue<PendingPublish> waiting = new ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();

    Topic(String name) {
        this.name = name;
        this.nameBytes = Frames.ascii(name);
    }

    void addSubscriber(Session session) {
        for (Session s : subscribers) {
            if (s == session) {
                return;
            }
        }
        Session[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
        grown[subscribers.length] = session;
        subscribers = grown;
    }

    void removeSubscriber(Session session) {
        int at = -1;
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i] == session) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return;
        }
        Session[] shrunk = new Session[subscribers.length - 1];
        System.arraycopy(subscribers, 0, shrunk, 0, at);
        System.arraycopy(subscribers, at + 1, shrunk, at, subscribers.length - at - 1);
        subscribers = shrunk.length == 0 ? NONE : shrunk;
    }

    /** A publish waiting for its topic's drainer. */
    record PendingPublish(ClientConnection publisher, ClientConnection.ReplySlot slot, String payload, String escapedPayload) {
    }
}
