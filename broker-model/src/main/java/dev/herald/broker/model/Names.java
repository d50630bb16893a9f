package dev.herald.broker.model;

/**
 * The grammar of client ids and topic names (PROTOCOL.md, "Names").
 */
public final class Names {

    /** Longest valid client id, in characters. */
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    /** Longest valid topic name, in characters. */
    public static final int MAX_TOPIC_LENGTH = 128;

    private Names() {
    }

    /**
     * Whether {@code id} is a valid client id: 1 to 64 characters from {@code A-Z a-z 0-9 _ . : -}.
     */
    public static boolean isValidClientId(String id) {
        return id != null && id.length() >= 1 && id.length() <= MAX_CLIENT_ID_LENGTH
                && allMatch(id, ":");
    }

    /**
     * Whether {@code topic} is a valid topic name: 1 to 128 characters from {@code A-Z a-z 0-9 _ . / -}.
     */
    public static boolean isValidTopic(String topic) {
        return topic != null && topic.length() >= 1 && topic.length() <= MAX_TOPIC_LENGTH
                && allMatch(topic, "/");
    }

    private static boolean allMatch(String s, String extra) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || extra.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
