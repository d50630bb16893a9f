package dev.herald.broker.server.admin;

/**
 * One connection.
 *
 * @param id            the broker's number for it, as in its log lines
 * @param remoteAddress the client's address
 * @param clientId      the session it carries, or null
 * @param user          the authenticated user, or null
 */
public record ConnectionInfo(long id, String remoteAddress, String clientId, String user) {
}
