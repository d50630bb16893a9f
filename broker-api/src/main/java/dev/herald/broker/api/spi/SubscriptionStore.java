package dev.herald.broker.api.spi;

import java.util.List;
import java.util.Optional;

/**
 * Sessions and their subscriptions, each subscription with its QoS (0, 1 or 2; the line
 * protocol subscribes at 1).
 *
 * <p>Implementations are safe for use by many threads. The server serializes the calls that
 * concern one client id; calls for different ids may run at once. Each method is atomic.
 * A session's offline queue (kept by the {@link MessageStore} of the same {@link Store})
 * belongs to the session: {@link #create} and {@link #delete} discard it too.
 */
public interface SubscriptionStore {

    /** The stored session of a client id, if there is one. */
    Optional<SessionRecord> find(String clientId);

    /** Every stored session; the server reads them once at start to rebuild its routing. */
    List<SessionRecord> all();

    /**
     * Creates an online session with no subscriptions, discarding any stored session of
     * the id with its subscriptions and queued messages.
     *
     * @param owner the user creating it, kept in its {@link SessionRecord#owner()}; null for none
     */
    void create(String clientId, String owner);

    /** Creates a session that no user owns: {@code create(clientId, null)}. */
    default void create(String clientId) {
        create(clientId, null);
    }

    /** Deletes a session with its subscriptions and queued messages; no-op if there is none. */
    void delete(String clientId);

    /**
     * Adds a subscription to a topic filter at {@code qos}, or, when the session has one to
     * it already, changes its QoS (a second MQTT SUBSCRIBE of a filter replaces the first).
     * The session exists.
     *
     * @throws IllegalArgumentException when {@code qos} is not 0, 1 or 2; then nothing changed
     */
    void subscribe(String clientId, String filter, int qos);

    /**
     * Adds a subscription at QoS 1, the line protocol's: {@code subscribe(clientId, topic, 1)}.
     * A subscription present already is kept, at QoS 1.
     */
    default void subscribe(String clientId, String topic) {
        subscribe(clientId, topic, 1);
    }

    /** Removes a subscription (no-op if absent). */
    void unsubscribe(String clientId, String topic);

    /** Marks a session online. */
    void markOnline(String clientId);

    /** Marks a session offline since {@code at} (epoch ms). */
    void markOffline(String clientId, long at);

    /**
     * Client ids of sessions offline since before {@code offlineBefore} (epoch ms), at most
     * {@code limit} of them.
     */
    List<String> expired(long offlineBefore, int limit);
}
