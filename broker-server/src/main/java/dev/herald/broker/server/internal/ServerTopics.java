package dev.herald.broker.server.internal;

import dev.herald.broker.model.TopicFilter;

import java.util.List;

/**
 * The server's own {@code $} topics that exist for subscribing: those it publishes. Clients
 * may subscribe to them (by name or with a filter such as {@code $SYS/#}) but never publish
 * to them.
 */
record ServerTopics(List<String> names) {

    /** None: the server publishes nothing of its own ({@code broker.sys-interval=0}). */
    static final ServerTopics NONE = new ServerTopics(List.of());
    /** The {@code $SYS} topics of {@link SysTopics}. */
    static final ServerTopics SYS = new ServerTopics(SysTopics.NAMES);

    boolean contains(String topic) {
        return names.contains(topic);
    }

    /** Whether a filter matches one of them. */
    boolean canMatch(TopicFilter filter) {
        return names.stream().anyMatch(filter::matches);
    }
}
