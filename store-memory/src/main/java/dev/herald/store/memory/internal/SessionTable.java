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
    private final QueuedBytes queued;

    SessionTable(int offlineMax, long offlineMaxBytes) {
        this.offlineMax = offlineMax;
        this.queued = new QueuedBytes(offlineMaxBytes);
    }

    /** What all the offline queues take together, about. */
    long queuedBytes() {
        return queued.total();
    }

    /** The session of {@code clientId}, or {@code null}. */
    Session get(String clientId) {
        return byId.get(clientId);
    }

    /** Creates an empty session, replacing (and so discarding) any stored one. */
    void create(String clientId, String owner) {
        Session old = byId.put(clientId, new Session(offlineMax, owner, queued));
        if (old != null) {
            old.leave();
        }
    }

    void delete(String clientId) {
        Session old = byId.remove(clientId);
        if (old != null) {
            old.leave();
        }
    }

    /** A weakly consistent view, for scans. */
    Collection<Map.Entry<String, Session>> entries() {
        return byId.entrySet();
    }

    void clear() {
        byId.clear();
    }
}
