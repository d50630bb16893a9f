package dev.herald.broker.client.internal;

import dev.herald.broker.client.MessageListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listener of each subscribed topic, and the fallback for messages of other topics.
 * A listener is put here before its {@code SUB} is sent, so the history that follows the
 * {@code SUB_ACK} finds it.
 */
public final class Subscriptions {

    private final Map<String, MessageListener> byTopic = new ConcurrentHashMap<>();
    private final MessageListener fallback;

    /** @param fallback receives messages of topics without a listener; may be null */
    public Subscriptions(MessageListener fallback) {
        this.fallback = fallback;
    }

    /** Sets the listener of {@code topic}; returns the one it replaces, or null. */
    public MessageListener put(String topic, MessageListener listener) {
        return byTopic.put(topic, listener);
    }

    /** The listener of {@code topic}, or null. */
    public MessageListener get(String topic) {
        return byTopic.get(topic);
    }

    /** Undoes {@link #put} after a failed subscribe, unless another put came since. */
    public void restore(String topic, MessageListener added, MessageListener previous) {
        if (previous == null) {
            byTopic.remove(topic, added);
        } else {
            byTopic.replace(topic, added, previous);
        }
    }

    /** Removes the listener of {@code topic} if it is still {@code listener}. */
    public void remove(String topic, MessageListener listener) {
        if (listener != null) {
            byTopic.remove(topic, listener);
        }
    }

    /** Who receives a message of {@code topic}: its listener, else the fallback, else null. */
    public MessageListener route(String topic) {
        MessageListener listener = byTopic.get(topic);
        return listener != null ? listener : fallback;
    }

    /** The topics that have a listener. */
    public List<String> topics() {
        return List.copyOf(byTopic.keySet());
    }

    /** Forgets every listener (a new session has no subscriptions). */
    public void clear() {
        byTopic.clear();
    }
}
