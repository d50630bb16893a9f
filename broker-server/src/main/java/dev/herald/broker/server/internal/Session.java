package dev.herald.broker.server.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A session as the engine routes it. Its fields change only under the broker's presence
 * write lock and are read under its read lock.
 */
final class Session {

    final String clientId;
    final Set<String> topics = new LinkedHashSet<>();
    /** The connection it is online on, or null while offline. */
    ClientConnection connection;
    /** When it went offline (epoch ms), or -1 while online. */
    long offlineSince;

    Session(String clientId, long offlineSince) {
        this.clientId = clientId;
        this.offlineSince = offlineSince;
    }

    boolean online() {
        return connection != null;
    }
}
