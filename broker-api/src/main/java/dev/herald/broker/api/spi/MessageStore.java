package dev.herald.broker.api.spi;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;

import java.util.List;
import java.util.Map;

/**
 * Messages: each topic's retained history, each topic's retained message and each session's
 * offline queue. Every stored message keeps the QoS it was published at.
 *
 * <h2>Properties and expiry</h2>
 * Every stored message also keeps its publication's {@link Publication#properties()} and
 * {@link Publication#expiresAt()}: each copy a store keeps of it (in the history, in each
 * offline queue, as a retained message) holds both, and every message a store returns has
 * them as {@link Message#properties()} and {@link Message#expiresAt()}, byte for byte, from
 * {@link #append}, {@link #history}, {@link #retained} and {@link #drainQueue} alike, and
 * after a durable store is reopened. {@link #enqueue} keeps those of the messages handed to it.
 * The properties are opaque to the store (for MQTT 5 they are the PUBLISH properties, which
 * must reach subscribers unchanged).
 *
 * <p>Stores do not act on the expiry time: they return expired messages like any other, and
 * neither trimming, {@link #drainQueue} nor {@link #purgeExpired} (which goes by publish time)
 * looks at it. The server drops a message that has expired when it delivers it
 * ({@link Message#expiredAt(long)}).
 *
 * <h2>Retained messages</h2>
 * Besides its history, a topic has at most one retained message, as in MQTT. A publication
 * with {@link Publication#retain()} set makes its stored message the topic's retained message,
 * replacing the one before; if its payload is empty (zero bytes) it clears the topic's
 * retained message instead. Either way the publication is stored like any other: it joins the
 * history and the listed offline queues. The retained message is kept apart from the history,
 * so trimming the history never removes it, and a topic may have one with an empty history.
 *
 * <h2>Threading and ordering</h2>
 * Implementations are safe for use by many threads. The server never runs two
 * {@link #append} calls for the same topic at once, and it calls {@code append} for a topic
 * in publish order; ids must increase in the order {@code append} assigns them, across all
 * topics and across restarts of a durable store. So a topic's retained message is the last
 * one published to it with the retain flag: within a batch a later publication wins over an
 * earlier one, and a later batch over an earlier one. A read that runs at once with an
 * {@code append} sees each topic's retained message as it was before the append or as it is
 * after.
 *
 * <h2>Atomicity and durability</h2>
 * {@link #append} is all-or-nothing for its whole batch: either every message is in its
 * history and in every listed offline queue, and every retained message the batch sets or
 * clears is set or cleared, or (after a {@link StoreException}) none of that happened.
 * A durable store has made the batch survive a crash of the process when {@code append}
 * returns, its retained messages included, because the server acknowledges the messages
 * right after. {@link #drainQueue} removes exactly what it returns.
 *
 * <h2>Bounds</h2>
 * History is trimmed to {@link StoreContext#retainedMax()} messages per topic (oldest
 * dropped); a topic's retained message does not count towards it and is never trimmed. A
 * session's queue holds at most {@link StoreContext#offlineMax()} messages; beyond it the
 * oldest is dropped and counted in {@link #droppedOfflineMessages()}.
 */
public interface MessageStore {

    /**
     * Stores a batch of publications, in order: each gets the next id and keeps its
     * {@link Publication#qos()}, {@link Publication#properties()} and
     * {@link Publication#expiresAt()}, joins its topic's retained history and the offline
     * queue of each of its {@link Publication#offlineSubscribers()}, and, when it has
     * {@link Publication#retain()}, sets (or, with an empty payload, clears) its topic's
     * retained message.
     *
     * @return the stored messages, in the order of {@code batch}
     * @throws StoreException when the batch could not be stored; then nothing of it is, and
     *                        no retained message changed
     */
    List<Message> append(List<Publication> batch);

    /** A topic's retained history, oldest first (empty for a topic never published to). */
    List<Message> history(String topic);

    /**
     * The retained messages of every topic that {@code filter} matches (by
     * {@link TopicFilter#matches}), in id order: what an MQTT subscription to the filter
     * receives first. Empty when no matching topic has one.
     */
    List<Message> retained(TopicFilter filter);

    /**
     * The topics that have a retained history or a retained message, in no particular order;
     * the server reads them at start, so that a wildcard subscription replays topics
     * published before a restart.
     */
    List<String> topics();

    /**
     * Adds messages that are already stored (have ids) to a session's offline queue: the
     * server hands back what it held unwritten for a connection that went offline. The queue
     * stays ordered by message id; a message already in the queue is not added twice.
     */
    void enqueue(String clientId, List<Message> messages);

    /**
     * Removes everything queued for a session and returns the messages published at or
     * after {@code publishedNotBefore} (epoch ms), oldest first; older ones are discarded.
     */
    List<Message> drainQueue(String clientId, long publishedNotBefore);

    /**
     * Deletes queued messages of every session published before {@code publishedBefore},
     * at most {@code limit} of them, so that expired messages do not wait for their session
     * to come back.
     *
     * @return how many were deleted (less than {@code limit} when none are left)
     */
    int purgeExpired(long publishedBefore, int limit);

    /** How many queued messages were dropped because a session's queue was full, since start. */
    long droppedOfflineMessages();

    /**
     * How many messages wait in each session's offline queue, for sessions with at least one
     * (expired ones not yet purged included). The server reads it for its metrics and its
     * admin API, at most about once a second. A store that cannot tell returns an empty map,
     * the default.
     */
    default Map<String, Integer> queueDepths() {
        return Map.of();
    }
}
