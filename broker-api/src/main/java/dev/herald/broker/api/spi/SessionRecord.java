package dev.herald.broker.api.spi;

import dev.herald.broker.model.Message;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A stored session.
 *
 * @param clientId      the session's client id
 * @param subscriptions the topic filters it is subscribed to, each with the QoS of its
 *                      subscription (0, 1 or 2); an unmodifiable copy
 * @param offlineSince  when it went offline (epoch ms), or {@code -1} while it is online
 * @param owner         the user who created the session, or {@code null} when no user did
 */
public record SessionRecord(String clientId, Map<String, Integer> subscriptions, long offlineSince, String owner) {

    /**
     * A session with these subscriptions.
     *
     * @throws IllegalArgumentException when a QoS is not 0, 1 or 2
     */
    public SessionRecord {
        Objects.requireNonNull(clientId, "clientId");
        subscriptions = Map.copyOf(subscriptions);
        subscriptions.values().forEach(Message::checkQos);
    }

    /** A session whose subscriptions to {@code topics} are all at QoS 1 (the line protocol's). */
    public SessionRecord(String clientId, Set<String> topics, long offlineSince, String owner) {
        this(clientId, atQos1(topics), offlineSince, owner);
    }

    /** A session that no user owns (made by a server without users), subscribed at QoS 1. */
    public SessionRecord(String clientId, Set<String> topics, long offlineSince) {
        this(clientId, topics, offlineSince, null);
    }

    private static Map<String, Integer> atQos1(Set<String> topics) {
        Map<String, Integer> subscriptions = new HashMap<>();
        for (String topic : topics) {
            subscriptions.put(Objects.requireNonNull(topic, "topic"), 1);
        }
        return subscriptions;
    }

    /** The topic filters it is subscribed to (an unmodifiable set). */
    public Set<String> topics() {
        return subscriptions.keySet();
    }

    /**
     * The QoS of its subscription to {@code filter}.
     *
     * @throws NoSuchElementException when it is not subscribed to {@code filter}
     */
    public int qos(String filter) {
        Integer qos = subscriptions.get(Objects.requireNonNull(filter, "filter"));
        if (qos == null) {
            throw new NoSuchElementException("session " + clientId + " is not subscribed to " + filter);
        }
        return qos;
    }

    /** Whether the session was online when this record was read. */
    public boolean online() {
        return offlineSince < 0;
    }
}
