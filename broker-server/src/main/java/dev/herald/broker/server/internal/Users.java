package dev.herald.broker.server.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The users of a server that requires authentication, read from a properties file with one
 * entry per line (a properties file has no comments at the end of a line):
 * <pre>
 * # made with: java -p &lt;modules&gt; -m dev.herald.broker.server/dev.herald.broker.server.Passwd users.properties alice
 * alice = $pbkdf2-sha256$i=600000$&lt;salt&gt;$&lt;hash&gt;
 * # topics alice may publish to and subscribe to ({@link Permissions}); every topic by default
 * alice.publish = sensors/+/temp
 * alice.subscribe = #, !admin/#
 * # a client whose TLS certificate has this subject is carol, without a password (which may be empty)
 * carol =
 * carol.certificate = CN=carol, O=Example
 * # clients without a user: may connect, and use only the topics granted here (none by default)
 * anonymous =
 * anonymous.subscribe = public/#
 * # may use the HTTP operations side: metrics, the admin API and the console (default false)
 * alice.admin = true
 * </pre>
 * Every password is a salted, slow hash ({@link PasswordHash}); a plain-text password, an
 * unsalted hash or a malformed one stops the server's start-up with a message naming the
 * user, and so does a bad permission. Checking a password runs on a few platform threads of its own, so that a burst of
 * logins does not hold the virtual threads' carriers.
 */
public final class Users {

    /** The command that sets a user's password in a users file. */
    public static final String PASSWD_COMMAND = "java -p <modules> -m dev.herald.broker.server/dev.herald.broker.server.Passwd";
    static final String PUBLISH = ".publish";
    static final String SUBSCRIBE = ".subscribe";
    static final String CERTIFICATE = ".certificate";
    static final String ADMIN = ".admin";
    private static final List<String> ATTRIBUTES = List.of(PUBLISH, SUBSCRIBE, CERTIFICATE, ADMIN);
    /** The entry of clients that give no user. */
    static final String ANONYMOUS = "anonymous";
    private static final System.Logger LOG = System.getLogger(Users.class.getName());
    /** Checked when the user is unknown, so that an unknown user costs the time of a known one. */
    private static final PasswordHash NOBODY = PasswordHash.create("nobody".toCharArray());
    private static final ThreadPoolExecutor HASHING = hashingPool();

    public enum Access { PUBLISH, SUBSCRIBE }

    /** @param password null when the user cannot log in with a password */
    private record User(PasswordHash password, Permissions publish, Permissions subscribe, boolean admin) {
    }

    private final Map<String, User> users;
    private final Map<X500Principal, String> byCertificate;

    private Users(Map<String, User> users, Map<X500Principal, String> byCertificate) {
        this.users = users;
        this.byCertificate = byCertificate;
    }

    private static boolean isAttribute(String key) {
        return ATTRIBUTES.stream().anyMatch(key::endsWith);
    }

    /**
     * Checks a user name for a new entry: 1 to 64 characters from {@code A-Z a-z 0-9 _ . @ -},
     * not ending like a permission key.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkUserName(String user) {
        if (!user.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new IllegalArgumentException("a user name has 1 to 64 characters from A-Z a-z 0-9 _ . @ -: '" + user + "'");
        }
        if (isAttribute(user)) {
            throw new IllegalArgumentException("a user name may not end with " + String.join(", ", ATTRIBUTES)
                    + ": '" + user + "'");
        }
        if (user.equals(ANONYMOUS)) {
            throw new IllegalArgumentException("the entry " + ANONYMOUS + " is for clients without a user; it has no password");
        }
    }

    private static ThreadPoolExecutor hashingPool() {
        int threads = Runtime.getRuntime().availableProcessors();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("herald-password-check-", 1).daemon(true).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * @throws IllegalArgumentException when the file cannot be read, lists no users, or has
     *                                  an entry that is not a salted hash; the message names
     *                                  the file and the user
     */
    public static Users load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the users file " + file + ": " + e.getMessage(), e);
        }
        Map<String, User> users = new HashMap<>();
        Map<X500Principal, String> byCertificate = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (isAttribute(key)) {
                String user = key.substring(0, key.lastIndexOf('.'));
                if (p.getProperty(user) == null) {
                    throw new IllegalArgumentException("the users file " + file + ": " + key + " names no user;"
                            + " add the user " + user + " or correct the name");
                }
                continue;
            }
            String where = "the users file " + file + ", user " + key;
            String value = p.getProperty(key).strip();
            String certificate = p.getProperty(key + CERTIFICATE);
            PasswordHash hash = key.equals(ANONYMOUS) ? anonymous(where, value)
                    : value.isEmpty() && certificate != null ? null
                    : password(where, file, key, value);
            if (certificate != null) {
                String other = byCertificate.putIfAbsent(subject(where, certificate), key);
                if (other != null) {
                    throw new IllegalArgumentException(where + ": the certificate subject " + certificate.strip()
                            + " is user " + other + "'s already");
                }
            }
            Permissions all = key.equals(ANONYMOUS) ? Permissions.NONE : Permissions.ALL;
            users.put(key, new User(hash, permissions(where, p, key + PUBLISH, all),
                    permissions(where, p, key + SUBSCRIBE, all), admin(where, p.getProperty(key + ADMIN))));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("the users file " + file + " lists no users");
        }
        return new Users(Map.copyOf(users), Map.copyOf(byCertificate));
    }

    private static X500Principal subject(String where, String name) {
        try {
            return new X500Principal(name.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + CERTIFICATE.substring(1) + " is not a distinguished name"
                    + " such as CN=carol, O=Example: " + e.getMessage(), e);
        }
    }

    private static PasswordHash anonymous(String where, String value) {
        if (!value.isEmpty()) {
            throw new IllegalArgumentException(where + ": clients without a user give no password;"
                    + " leave the value of " + ANONYMOUS + " empty");
        }
        return null;
    }

    private static Permissions permissions(String where, Properties p, String key, Permissions absent) {
        String list = p.getProperty(key);
        try {
            return list == null ? absent : Permissions.parse(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + key + ": " + e.getMessage(), e);
        }
    }

    private static PasswordHash password(String where, Path file, String user, String value) {
        String fix = "; set the password again with: " + PASSWD_COMMAND + " " + file + " " + user;
        if (value.startsWith("{sha256}")) {
            throw new IllegalArgumentException(where + ": an unsalted SHA-256 hash is refused (too fast to resist guessing)" + fix);
        }
        if (!PasswordHash.looksLikeHash(value)) {
            throw new IllegalArgumentException(where + ": a plain-text password is refused; store a salted hash instead"
                    + " (the command asks for the password)" + fix);
        }
        PasswordHash hash;
        try {
            hash = PasswordHash.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": malformed password hash: " + e.getMessage() + fix, e);
        }
        if (hash.iterations() < PasswordHash.DEFAULT_ITERATIONS) {
            LOG.log(WARNING, "{0}: the password hash has {1,number,#} iterations, fewer than the {2,number,#} of new hashes; "
                    + "set the password again to raise them", where, hash.iterations(), PasswordHash.DEFAULT_ITERATIONS);
        }
        return hash;
    }

    /**
     * Whether {@code password} is the password of {@code user}. Takes the time of a password
     * check whether or not the user exists; blocks the calling (virtual) thread meanwhile.
     */
    boolean authenticate(String user, String password) {
        User u = users.get(user);
        PasswordHash hash = u == null || u.password() == null ? NOBODY : u.password();
        try {
            boolean match = HASHING.submit(() -> hash.verify(password.toCharArray())).get();
            return match && hash != NOBODY;
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking a password failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The user a TLS client certificate's subject is, or null when the file maps it to none. */
    String certificateUser(Principal subject) {
        return subject instanceof X500Principal x500 ? byCertificate.get(x500) : null;
    }

    /** The user that clients giving no user are, or null when the file does not let them in. */
    String anonymous() {
        return users.containsKey(ANONYMOUS) ? ANONYMOUS : null;
    }

    private static boolean admin(String where, String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(where + ": .admin must be true or false, not '" + value.strip() + "'");
        };
    }

    /** Whether {@code user} may use the operations side (the HTTP admin API and console). */
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
        return (access == Access.PUBLISH ? u.publish() : u.subscribe()).allows(topic);
    }
}
