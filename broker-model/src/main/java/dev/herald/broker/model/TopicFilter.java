package dev.herald.broker.model;

import java.util.Objects;

/**
 * A topic filter in the MQTT style: a topic name whose levels (the parts between {@code /})
 * may be wildcards.
 * <ul>
 *   <li>{@code +}, a whole level, matches exactly one level: {@code sensors/+/temp} matches
 *       {@code sensors/kitchen/temp}, not {@code sensors/temp} nor {@code sensors/a/b/temp}.</li>
 *   <li>{@code #}, a whole last level, matches any number of levels, none included:
 *       {@code sensors/#} matches {@code sensors}, {@code sensors/a} and {@code sensors/a/b}.</li>
 *   <li>A filter whose first level is {@code +} or {@code #} does not match the server's own
 *       topics, those whose first level starts with {@code $}; {@code $SYS/#} does.</li>
 * </ul>
 * A filter without wildcards matches exactly its own text.
 *
 * <p>A <em>shared subscription</em> (MQTT 5.0, section 4.8.2) is written
 * {@code $share/<share name>/<filter>}: the share name is one level, not empty, without
 * {@code +} or {@code #}, and the filter after it is a filter as above. Such a filter matches
 * what the filter after its share name matches; {@link #shareName()} tells it apart, and it is
 * another subscription than that filter alone. Filters are immutable; two are equal when
 * their texts are.
 */
public final class TopicFilter {

    private static final String SINGLE = "+";
    private static final String MULTI = "#";
    /** The first level of a shared subscription. */
    private static final String SHARE = "$share";

    private final String text;
    /** The levels matched: of the filter after the share name, for a shared subscription. */
    private final String[] levels;
    private final boolean wildcard;
    /** The share name, or null when the filter is no shared subscription. */
    private final String shareName;
    /** The filter after the share name; this filter itself when it is no shared subscription. */
    private final TopicFilter unshared;

    private TopicFilter(String text, String[] levels, boolean wildcard) {
        this.text = text;
        this.levels = levels;
        this.wildcard = wildcard;
        this.shareName = null;
        this.unshared = this;
    }

    private TopicFilter(String text, String shareName, TopicFilter unshared) {
        this.text = text;
        this.levels = unshared.levels;
        this.wildcard = unshared.wildcard;
        this.shareName = shareName;
        this.unshared = unshared;
    }

    /**
     * Reads and checks a filter: 1 to {@value Names#MAX_TOPIC_LENGTH} characters of the topic
     * grammar ({@code A-Z a-z 0-9 _ . / -}), a {@code $} at its start, and the wildcards
     * {@code +} (a whole level) and {@code #} (a whole, last level); or a shared subscription,
     * {@code $share/<share name>/<filter>}, of as many characters in all.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static TopicFilter parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() > Names.MAX_TOPIC_LENGTH) {
            throw invalid(text, "a topic filter has 1 to " + Names.MAX_TOPIC_LENGTH + " characters");
        }
        if (text.equals(SHARE) || text.startsWith(SHARE + "/")) {
            return parseShared(text);
        }
        return parsePlain(text, text);
    }

    /** Reads a filter that is no shared subscription; a failure names {@code text}, where it comes from. */
    private static TopicFilter parsePlain(String filter, String text) {
        String plain = (filter.charAt(0) == '$' ? filter.substring(1) : filter).replace('+', 'x').replace('#', 'x');
        if (!Names.isValidTopic(plain)) {
            throw invalid(text, "a topic filter has only A-Z a-z 0-9 _ . / -, the wildcards + and #, and $ at its start");
        }
        String[] levels = filter.split("/", -1);
        boolean wildcard = false;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals(MULTI)) {
                if (i != levels.length - 1) {
                    throw invalid(text, "# must be the last level");
                }
                wildcard = true;
            } else if (level.equals(SINGLE)) {
                wildcard = true;
            } else if (level.indexOf('+') >= 0 || level.indexOf('#') >= 0) {
                throw invalid(text, "a wildcard (+ or #) must be a whole level");
            }
        }
        return new TopicFilter(filter, levels, wildcard);
    }

    /** Reads {@code $share/<share name>/<filter>}. */
    private static TopicFilter parseShared(String text) {
        int start = SHARE.length() + 1;
        int slash = text.indexOf('/', start);
        String name = slash < 0 ? "" : text.substring(start, slash);
        String rest = slash < 0 ? "" : text.substring(slash + 1);
        if (rest.isEmpty() || !Names.isValidTopic(name)) {
            throw invalid(text, "a shared subscription is $share/<share name>/<filter>, its share name one level"
                    + " of A-Z a-z 0-9 _ . - (no wildcard)");
        }
        if (rest.equals(SHARE) || rest.startsWith(SHARE + "/")) {
            throw invalid(text, "the filter of a shared subscription is no shared subscription");
        }
        return new TopicFilter(text, name, parsePlain(rest, text));
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid topic filter '" + text + "': " + why);
    }

    /** Whether {@code topic} is one of the topics this filter stands for. */
    public boolean matches(String topic) {
        if (topic == null || topic.isEmpty()) {
            return false;
        }
        if (!wildcard) {
            return unshared.text.equals(topic);
        }
        if (topic.charAt(0) == '$' && (levels[0].equals(SINGLE) || levels[0].equals(MULTI))) {
            return false;
        }
        int start = 0; // where the topic's next level starts; past its end when there is none
        for (String level : levels) {
            if (level.equals(MULTI)) {
                return true;
            }
            if (start > topic.length()) {
                return false;
            }
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = topic.length();
            }
            if (!level.equals(SINGLE)
                    && (end - start != level.length() || !topic.regionMatches(start, level, 0, level.length()))) {
                return false;
            }
            start = end + 1;
        }
        return start == topic.length() + 1;
    }

    /**
     * Whether every topic that {@code other} matches, this filter matches too: {@code sensors/#}
     * covers {@code sensors/+/temp}, {@code sensors/+} does not cover {@code sensors/#}. For a
     * filter without wildcards this is {@link #matches} of its text.
     */
    public boolean covers(TopicFilter other) {
        String[] theirs = other.levels;
        for (int i = 0; i < levels.length; i++) {
            String mine = levels[i];
            boolean serverTopic = i == 0 && theirs[0].startsWith("$");
            if (mine.equals(MULTI)) {
                return !serverTopic;
            }
            if (i == theirs.length) {
                return false;
            }
            String level = theirs[i];
            if (level.equals(MULTI) || (serverTopic && mine.equals(SINGLE))) {
                return false;
            }
            if (!mine.equals(SINGLE) && !mine.equals(level)) {
                return false; // a literal level covers only itself, not a wildcard
            }
        }
        return levels.length == theirs.length;
    }

    /** Whether some topic matches both filters. */
    public boolean overlaps(TopicFilter other) {
        String[] theirs = other.levels;
        int n = Math.min(levels.length, theirs.length);
        for (int i = 0; i < n; i++) {
            String a = levels[i];
            String b = theirs[i];
            boolean aWild = a.equals(SINGLE) || a.equals(MULTI);
            boolean bWild = b.equals(SINGLE) || b.equals(MULTI);
            if (i == 0 && ((aWild && b.startsWith("$")) || (bWild && a.startsWith("$")))) {
                return false; // a leading wildcard matches none of the server's topics
            }
            if (a.equals(MULTI) || b.equals(MULTI)) {
                return true;
            }
            if (!aWild && !bWild && !a.equals(b)) {
                return false;
            }
        }
        if (levels.length == theirs.length) {
            return true;
        }
        String[] longer = levels.length > theirs.length ? levels : theirs;
        return longer.length == n + 1 && longer[n].equals(MULTI); // a/# also matches a
    }

    /** Whether the filter has a wildcard, so that it may match other topics than its text. */
    public boolean isWildcard() {
        return wildcard;
    }

    /** The filter as written: for a shared subscription, with its {@code $share/<share name>/}. */
    public String text() {
        return text;
    }

    /** The share name of a shared subscription ({@code $share/<share name>/<filter>}), or null for another filter. */
    public String shareName() {
        return shareName;
    }

    /** Whether it is a shared subscription. */
    public boolean isShared() {
        return shareName != null;
    }

    /** The filter after the share name of a shared subscription; another filter itself. */
    public TopicFilter unshared() {
        return unshared;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
