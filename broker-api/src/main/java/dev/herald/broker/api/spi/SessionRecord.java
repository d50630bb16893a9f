package dev.herald.broker.api.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A stored session.
 *
 * @param clientId     the session's client id
 * @param topics       the topics it is subscribed to
 * @param offlineSince when it went offline (epoch ms), or {@code -1} while it is online
 * @param owner        the user who created the session, or {@code null} when no user did
 */
public record SessionRecord(String clientId, Set<String> topics, long offlineSince, String owner) {

    public SessionRecord {
        Objects.requireNonNull(clientId, "clientId");
        topics = Set.copyOf(topics);
    }

    /** A session that no user owns (made by a server without users). */
    public SessionRecord(String clientId, Set<String> topics, long offlineSince) {
        this(clientId, topics, offlineSince, null);
    }

    /** Whether the session was online when this record was read. */
    public boolean online() {
        return offlineSince < 0;
    }
}
