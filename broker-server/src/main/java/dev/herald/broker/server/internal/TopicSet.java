package dev.herald.broker.server.internal;

import dev.herald.broker.model.Names;
import dev.herald.broker.model.TopicFilter;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The topics a server has: a fixed list, or every valid name ({@code *}).
 */
public record TopicSet(boolean any, Set<String> names) {

    /** The default: exactly {@code NEWS} and {@code WEATHER}. */
    public static final TopicSet DEFAULT = new TopicSet(false, Set.of("NEWS", "WEATHER"));

    public TopicSet {
        names = Set.copyOf(names);
    }

    /**
     * A topic set from a list of names, or {@code *} alone for any valid name.
     *
     * @throws IllegalArgumentException for an empty list or an invalid name
     */
    public static TopicSet of(Collection<String> list) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : list) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("*")) {
                return new TopicSet(true, Set.of());
            }
            if (!Names.isValidTopic(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a valid topic (1 to 128 characters from A-Z a-z 0-9 _ . / -)");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the topic list is empty (give names separated by commas, or *)");
        }
        return new TopicSet(false, names);
    }

    /** Whether the server has this topic. */
    public boolean contains(String topic) {
        return any ? Names.isValidTopic(topic) : names.contains(topic);
    }

    /** Whether a filter can match a topic the server has. */
    public boolean canMatch(TopicFilter filter) {
        if (!filter.isWildcard()) {
            return contains(filter.text());
        }
        return any || names.stream().anyMatch(filter::matches);
    }

    @Override
    public String toString() {
        return any ? "*" : String.join(",", names);
    }
}
