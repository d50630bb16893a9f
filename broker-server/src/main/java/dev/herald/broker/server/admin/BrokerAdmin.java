package dev.herald.broker.server.admin;

import dev.herald.broker.model.Message;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running broker as its operators see it: figures, sessions, topics and connections, and
 * the few things an operator may do to them. What the HTTP listener serves; an embedding
 * program gets it from {@link dev.herald.broker.server.HeraldServer#admin()}.
 */
public interface BrokerAdmin {

    /** The broker's figures now. */
    Overview overview();

    /** Every session, online and offline, by client id. */
    List<SessionInfo> sessions();

    /** One session, if it exists. */
    Optional<SessionInfo> session(String clientId);

    /** Every topic the broker knows (the server's {@code $} topics included), by name. */
    List<TopicInfo> topics();

    /** Every connection being served, by id. */
    List<ConnectionInfo> connections();

    /**
     * Closes the connection of an online session; the session goes offline and collects its
     * messages, as if the connection had dropped.
     *
     * @return false when no such session is online
     */
    boolean disconnect(String clientId);

    /** Deletes an offline session with its subscriptions and queued messages; an online one is refused. */
    Deletion deleteSession(String clientId);

    /** What became of a request to delete a session. */
    enum Deletion { DELETED, NOT_FOUND, ONLINE }

    /**
     * Publishes a message as the server: stored and delivered like a client's. The topic must
     * be one the broker has; the server's {@code $} topics are refused.
     *
     * @return the stored message; fails with a {@link dev.herald.broker.model.ProtocolException}
     *         (UNKNOWN_TOPIC, NOT_AUTHORIZED) or a store failure
     */
    CompletableFuture<Message> publish(String topic, String payload);

    /** A topic's retained messages with an id above {@code afterId}, oldest first. */
    List<Message> retainedAfter(String topic, long afterId);

    /** Whether the store answers: the broker can take publishes. */
    boolean ready();

    /** Whether the broker has a users file; then only its admins may use this API over HTTP. */
    boolean requiresAuthentication();

    /** Whether this user of the users file is marked {@code <user>.admin = true} and the password is right. */
    boolean isAdmin(String user, String password);
}
