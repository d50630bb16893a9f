package dev.herald.store.memory.internal;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored sessions by client id, shared by the message and subscription halves of one
 * store (a session's offline queue lives in its {@link Session}).
 */
final class SessionTable {

    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    private final int offlineMax;

    SessionTable(int offlineMax) {
        this.offlineMax = offlineMax;
    }

    /** The session of {@code clientId}, or {@code null}. */
    Session get(String clientId) {
        return byId.get(clientId);
    }

    /** Creates an empty session, replacing (and so discarding) any stored one. */
    void create(String clientId, String owner) {
        byId.put(clientId, new Session(offlineMax, owner));
    }

    void delete(String clientId) {
        byId.remove(clientId);
    }

    /** A weakly consistent view, for scans. */
    Collection<Map.Entry<String, Session>> entries() {
        return byId.entrySet();
    }

    void clear() {
        byId.clear();
    }
}
