package dev.herald.broker.client;

/**
 * Hears what happens to a client's connection. Every method does nothing by default, so an
 * implementation overrides only what it needs, and later versions can add methods.
 * Methods are called on the client's dispatch thread, in order with message delivery.
 */
public interface ConnectionListener {

    /** What happened to the connection. */
    enum Event {
        /** {@link HeraldClient#connect()} or {@link HeraldClient#resume()} started or resumed a session. */
        CONNECTED,
        /**
         * The connection ended: by {@link HeraldClient#disconnect()}, or lost, in which case
         * {@link #connectionLost} was called just before.
         */
        DISCONNECTED,
        /** Automatic reconnection resumed the session with {@code RECON}. */
        RECONNECTED,
        /**
         * Automatic reconnection found no stored session (the server answered {@code NEW}), so
         * the topics of the client's listeners were subscribed again. Follows {@link #RECONNECTED}.
         */
        RESUBSCRIBED,
        /** Automatic reconnection gave up; the client is disconnected. */
        RECONNECT_ABANDONED,
        /** {@link HeraldClient#close()} finished; the client cannot be used any more. */
        CLOSED
    }

    /** An event in the life of the connection. */
    default void connectionEvent(HeraldClient client, Event event) {
    }

    /**
     * The connection ended without being asked to: the server closed it or went away, or sent
     * a closing error such as {@code SESSION_TAKEN_OVER}, which {@code cause} then carries as
     * a {@link ServerErrorException}. Followed by {@link Event#DISCONNECTED}.
     */
    default void connectionLost(HeraldClient client, HeraldException cause) {
    }

    /** An automatic reconnection attempt failed; the next one follows after the policy's delay. */
    default void reconnectFailed(HeraldClient client, int attempt, HeraldException cause) {
    }
}
