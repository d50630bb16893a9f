package dev.herald.broker.server.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The users of a server that requires authentication, read from a properties file:
 * <pre>
 * alice = secret                    # password, plain
 * bob = {sha256}2bb80d5...          # or the hex SHA-256 of the password
 * bob.publish = NEWS,WEATHER        # topics bob may publish to (default *)
 * bob.subscribe = NEWS              # topics bob may subscribe to (default *)
 * alice.admin = true                # may use the HTTP admin API (default false)
 * </pre>
 */
final class Users {

    enum Access { PUBLISH, SUBSCRIBE }

    private record User(String password, Set<String> publish, Set<String> subscribe, boolean admin) {
    }

    private final Map<String, User> users;

    private Users(Map<String, User> users) {
        this.users = users;
    }

    /**
     * @throws IllegalArgumentException when the file cannot be read or is empty
     */
    static Users load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the users file " + file + ": " + e.getMessage(), e);
        }
        Map<String, User> users = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.endsWith(".publish") || key.endsWith(".subscribe") || key.endsWith(".admin")) {
                continue;
            }
            users.put(key, new User(p.getProperty(key).strip(),
                    topics(p.getProperty(key + ".publish")), topics(p.getProperty(key + ".subscribe")),
                    Boolean.parseBoolean(p.getProperty(key + ".admin", "false").strip())));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("the users file " + file + " lists no users");
        }
        return new Users(Map.copyOf(users));
    }

    private static Set<String> topics(String list) {
        if (list == null || list.isBlank() || list.strip().equals("*")) {
            return null;
        }
        Set<String> topics = new java.util.HashSet<>();
        for (String t : list.split(",")) {
            if (!t.isBlank()) {
                topics.add(t.strip());
            }
        }
        return Set.copyOf(topics);
    }

    /** Whether {@code password} is the password of {@code user}. */
    boolean authenticate(String user, String password) {
        User u = users.get(user);
        if (u == null) {
            return false;
        }
        byte[] expected;
        byte[] given;
        if (u.password().startsWith("{sha256}")) {
            expected = HexFormat.of().parseHex(u.password().substring("{sha256}".length()).toLowerCase(java.util.Locale.ROOT));
            given = sha256(password);
        } else {
            expected = u.password().getBytes(StandardCharsets.UTF_8);
            given = password.getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(expected, given);
    }

    /** Whether {@code user} may use the admin API. */
    boolean admin(String user) {
        User u = users.get(user);
        return u != null && u.admin();
    }

    /** Whether {@code user} may use {@code topic} that way. */
    boolean allowed(String user, String topic, Access access) {
        User u = users.get(user);
        if (u == null) {
            return false;
        }
        Set<String> allowed = access == Access.PUBLISH ? u.publish() : u.subscribe();
        return allowed == null || allowed.contains(topic);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
