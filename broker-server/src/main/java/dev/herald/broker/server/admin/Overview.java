package dev.herald.broker.server.admin;

/**
 * A broker's figures at one moment; counts run since start.
 *
 * @param version           Herald's version
 * @param uptimeSeconds     seconds since start, by the server's clock
 * @param connections       connections being served
 * @param sessionsOnline    sessions carried by a connection
 * @param sessionsOffline   sessions kept offline
 * @param subscriptions     topic filters subscribed, over every session
 * @param messagesPublished messages stored, the server's own {@code $} topics left out
 * @param messagesSent      messages sent to subscribers, live or replayed, {@code $} topics left out
 * @param bytesReceived     bytes read from connections
 * @param bytesSent         bytes written to connections, {@code $} topics' messages left out
 * @param queuedOffline     messages waiting in offline queues
 */
public record Overview(String version, long uptimeSeconds, int connections, int sessionsOnline, int sessionsOffline,
                       int subscriptions, long messagesPublished, long messagesSent, long bytesReceived,
                       long bytesSent, long queuedOffline) {
}
