package dev.herald.broker.server.internal;

import dev.herald.broker.model.TopicFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * What topics a user may use one way (publish or subscribe), as a users file lists them:
 * topic filters separated by commas, where a filter with a leading {@code !} denies. A topic
 * is allowed when an allowing filter matches it and no denying one does, whatever their
 * order: {@code #, !admin/#} is every topic but those under {@code admin}. A subscription
 * with a filter is allowed only if every topic it can match is: with {@code #, !admin/#},
 * {@code SUB sensors/#} is, {@code SUB #} is not. {@code *} alone is
 * every topic, the server's {@code $} topics included; an empty list is none.
 */
final class Permissions {

    /** Every topic. */
    static final Permissions ALL = new Permissions(null, List.of());
    /** No topic. */
    static final Permissions NONE = new Permissions(List.of(), List.of());

    /** Null for every topic. */
    private final List<TopicFilter> allow;
    private final List<TopicFilter> deny;

    private Permissions(List<TopicFilter> allow, List<TopicFilter> deny) {
        this.allow = allow;
        this.deny = deny;
    }

    /**
     * Reads a list such as {@code sensors/+/temp, !sensors/secret/temp}.
     *
     * @throws IllegalArgumentException naming the filter that is wrong
     */
    static Permissions parse(String list) {
        String text = list.strip();
        if (text.equals("*")) {
            return ALL;
        }
        List<TopicFilter> allow = new ArrayList<>();
        List<TopicFilter> deny = new ArrayList<>();
        for (String entry : text.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            if (e.startsWith("!")) {
                deny.add(TopicFilter.parse(e.substring(1).strip()));
            } else {
                allow.add(TopicFilter.parse(e));
            }
        }
        return new Permissions(List.copyOf(allow), List.copyOf(deny));
    }

    /**
     * Whether {@code topic} is allowed; for a topic filter (a {@code SUB} of {@code sensors/#},
     * say), whether every topic it matches is: an allowing filter covers it and no denying one
     * shares a topic with it.
     */
    boolean allows(String topic) {
        if (allow == null) {
            return true;
        }
        TopicFilter wanted = TopicFilter.parse(topic);
        for (TopicFilter d : deny) {
            if (d.overlaps(wanted)) {
                return false;
            }
        }
        for (TopicFilter a : allow) {
            if (a.covers(wanted)) {
                return true;
            }
        }
        return false;
    }
}
