package dev.herald.broker.server.admin;

import java.util.List;

/**
 * One session.
 *
 * @param clientId      its client id
 * @param online        whether a connection carries it
 * @param offlineSince  when it went offline (epoch ms), or null while online
 * @param subscriptions its topic filters, in the order subscribed
 * @param queueDepth    messages waiting in its offline queue
 * @param connectionId  the id of the connection that carries it, or null while offline
 */
public record SessionInfo(String clientId, boolean online, Long offlineSince, List<String> subscriptions,
                          int queueDepth, Long connectionId) {
}
