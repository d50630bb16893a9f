package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Store;

import java.util.Collection;
import java.util.List;

/**
 * The engine's figures, as the {@code $SYS} topics, the metrics and the admin API read
 * them: counts of sessions, subscriptions and messages, bytes sent, the offline queues'
 * depths, the sessions and topics themselves, a topic's retained history and whether the
 * store answers. It only reads: what it shows is counted by the parts that do the work.
 */
final class Figures {

    private final Routing routing;
    private final Sessions sessions;
    private final Store store;
    private final MessageStore messages;
    private final BrokerStats stats;
    private final QueueDepths queueDepths;

    Figures(Routing routing, Sessions sessions, Store store, BrokerStats stats) {
        this.routing = routing;
        this.sessions = sessions;
        this.store = store;
        this.messages = store.messages();
        this.stats = stats;
        this.queueDepths = new QueueDepths(messages::queueDepths);
    }

    /** Sessions online (or offline, with {@code online} false). */
    int sessionCount(boolean online) {
        int n = 0;
        for (Session s : sessions.all()) {
            if (s.online() == online) {
                n++;
            }
        }
        return n;
    }

    /** Subscriptions of every session. */
    int subscriptionCount() {
        return routing.subscriptions();
    }

    /** Every topic, the server's own included. */
    Collection<Topic> topics() {
        return routing.topics();
    }

    /** Messages stored, over every topic but the server's own. */
    long messagesPublished() {
        long n = 0;
        for (Topic t : routing.topics()) {
            if (!t.serverOwned()) {
                n += t.published;
            }
        }
        return n;
    }

    /** Messages sent to subscribers, live or replayed, over every topic but the server's own. */
    long messagesSent() {
        long n = stats.replayed.sum();
        for (Topic t : routing.topics()) {
            if (!t.serverOwned()) {
                n += t.delivered;
            }
        }
        return n;
    }

    /** Bytes sent, without the messages of the server's own topics. */
    long bytesSent() {
        return stats.bytesOut.sum() - stats.serverTopicBytesOut.sum();
    }

    /** Messages waiting in the offline queues. */
    QueueDepths queueDepths() {
        return queueDepths;
    }

    /** Every session, in no particular order. */
    Collection<Session> sessions() {
        return sessions.all();
    }

    /** Whether the store answers. */
    boolean storeReady() {
        try {
            return store.ready();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The retained history of a topic the server has, or an empty list. */
    List<Message> retained(String topic) {
        return routing.get(topic) == null ? List.of() : messages.history(topic);
    }

    /** Queued messages dropped from full offline queues since start. */
    long offlineDropped() {
        return messages.droppedOfflineMessages();
    }
}
