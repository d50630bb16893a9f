package dev.herald.broker.api.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A stored session.
 *
 * @param clientId     the session's client id
 * @param topics       the topics it is subscribed to
 * @param offlineSince when it went offline (epoch ms), or {@code -1} while it is online
 */
public record SessionRecord(String clientId, Set<String> topics, long offlineSince) {

    public SessionRecord {
        Objects.requireNonNull(clientId, "clientId");
        topics = Set.copyOf(topics);
    }

    /** Whether the session was online when this record was read. */
    public boolean online() {
        return offlineSince < 0;
    }
}
