package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session as the engine routes it. Its connection and routing change under the locks of
 * the topics it is routed to (and its client id's lock), and are read under a topic's lock.
 */
public final class Session {

    final String clientId;
    /** The user who created it, or null on a server without users. */
    final String owner;
    /** Who it counts against for broker.max-sessions-per-user, or null for a session loaded at start. */
    String holder;
    /** Its subscriptions, by the filter's text. */
    final Map<String, TopicFilter> filters = new LinkedHashMap<>();
    /** The QoS of each subscription, by the filter's text (1 for the line protocol's). */
    private Map<String, Integer> qos = Map.of(); // made on first use: an idle session holds none
    /** Counts changes of the subscriptions, so that a wire may cache what it worked out from them. */
    private volatile int subscriptionsVersion;
    /** Whether it ends with its connection (an MQTT clean session) instead of going offline. */
    volatile boolean ephemeral;
    /** How long it lives offline (ms), or -1 for {@code broker.session.expiry}: MQTT 5.0 clients choose their own. */
    volatile long expiryMillis = -1;
    /** What the session's protocol keeps for it across connections (MQTT's in-flight messages); guarded by the session. */
    private Object protocolState;
    Link connection;
    /** When it went offline (epoch ms), or -1 while online. */
    long offlineSince;
    /** Set once the session is discarded (by a new {@code CONN} of its id, or expiry). */
    boolean discarded;
    /**
     * Messages for the offline queue that the store failed to take; they follow the next
     * {@code RECON}. Guarded by the session itself.
     */
    private List<Message> unqueued;

    Session(String clientId, String owner, long offlineSince) {
        this.clientId = clientId;
        this.owner = owner;
        this.offlineSince = offlineSince;
    }

    /** The client id. */
    public String clientId() {
        return clientId;
    }

    /**
     * The highest QoS of the subscriptions that match a topic, or -1 if none does. Read
     * under the topic's lock, where subscriptions do not change.
     */
    public int qosFor(String topic) {
        int best = -1;
        for (var e : filters.entrySet()) {
            if (e.getValue().matches(topic)) {
                best = Math.max(best, qos.getOrDefault(e.getKey(), 1));
            }
        }
        return best;
    }

    /** How many of its subscriptions match a topic. Read under the topic's lock, like {@link #qosFor}. */
    public int subscriptionsMatching(String topic) {
        int n = 0;
        for (TopicFilter f : filters.values()) {
            if (f.matches(topic)) {
                n++;
            }
        }
        return n;
    }

    /** Sets a subscription's QoS; under the locks of the topics it matches. */
    void qos(String filter, int value) {
        if (!(qos instanceof java.util.HashMap)) {
            qos = new java.util.HashMap<>(4);
        }
        qos.put(filter, value);
        subscriptionsChanged();
    }

    /** Forgets a subscription's QoS; under the locks of the topics it matched. */
    void removeQos(String filter) {
        if (!qos.isEmpty()) {
            qos.remove(filter);
        }
        subscriptionsChanged();
    }

    /** Called when a subscription is added or removed. */
    void subscriptionsChanged() {
        subscriptionsVersion++;
    }

    /**
     * A number that changes whenever the subscriptions do: what {@link #qosFor} answered for
     * a topic holds while it stays the same.
     */
    public int subscriptionsVersion() {
        return subscriptionsVersion;
    }

    /** What the session's protocol keeps for it, made by {@code make} on first use. */
    public synchronized <T> T protocolState(Class<T> type, java.util.function.Supplier<T> make) {
        if (!type.isInstance(protocolState)) {
            protocolState = make.get();
        }
        return type.cast(protocolState);
    }

    /** Whether a connection is online in it. */
    public boolean online() {
        return connection != null;
    }

    /** Whether it has ended: discarded by a new session of its id, or expired. */
    public boolean ended() {
        return discarded;
    }

    /** How long it lives offline (ms): its own expiry, or the server's. */
    long expiryMillis(BrokerConfig config) {
        return expiryMillis >= 0 ? expiryMillis : config.sessionExpiry().toMillis();
    }

    /** Whether it is offline and has been for its expiry at {@code now}. */
    boolean expiredAt(long now, BrokerConfig config) {
        return !online() && now - offlineSince >= expiryMillis(config);
    }

    /** Whether it has a subscription of this filter's text. Under its client id's lock. */
    public boolean subscribed(String filter) {
        return filters.containsKey(filter);
    }

    /** Keeps messages the store could not queue, to be delivered at the next {@code RECON}. */
    synchronized void keepUnqueued(List<Message> messages) {
        if (unqueued == null) {
            unqueued = new ArrayList<>();
        }
        unqueued.addAll(messages);
    }

    /** Takes the messages kept by {@link #keepUnqueued}. */
    synchronized List<Message> takeUnqueued() {
        List<Message> taken = unqueued == null ? List.of() : unqueued;
        unqueued = null;
        return taken;
    }
}
