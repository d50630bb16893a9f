package dev.herald.store.jdbc;

import dev.herald.broker.model.Durations;
import dev.herald.broker.api.spi.StoreContext;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of the JDBC store, read from {@link StoreContext#setting(String)} (each one is the
 * system property {@code broker.<name>} of a standalone server).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code jdbc.url}</td><td>the JDBC URL of the database; an H2 or a PostgreSQL URL</td>
 *       <td>{@value #DEFAULT_URL}</td></tr>
 *   <tr><td>{@code jdbc.user}</td><td>the database user</td><td>none (the URL's, or the driver's default)</td></tr>
 *   <tr><td>{@code jdbc.password}</td><td>the database user's password</td><td>none</td></tr>
 *   <tr><td>{@code jdbc.pool-size}</td><td>connections in the pool, 1 to {@value #MAX_POOL_SIZE}</td>
 *       <td>{@value #DEFAULT_POOL_SIZE}</td></tr>
 *   <tr><td>{@code jdbc.connection-timeout}</td><td>how long a store call waits for a connection
 *       before it fails because the database is unreachable ({@code 500ms}, {@code 5s}, {@code 1m}
 *       or ISO-8601; at least 250 ms)</td><td>5s</td></tr>
 * </table>
 *
 * @param url      the JDBC URL as configured
 * @param user     the user, if set
 * @param password the password, if set
 * @param poolSize the pool size
 * @param connectionTimeout how long to wait for a connection
 */
record JdbcSettings(String url, Optional<String> user, Optional<String> password, int poolSize,
                    Duration connectionTimeout) {

    /** An H2 file database in {@code ./herald-data/}, created on first use. */
    static final String DEFAULT_URL = "jdbc:h2:file:./herald-data/herald";
    static final int DEFAULT_POOL_SIZE = 8;
    static final int MAX_POOL_SIZE = 1_000;
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    static final String URL = "jdbc.url";
    static final String USER = "jdbc.user";
    static final String PASSWORD = "jdbc.password";
    static final String POOL_SIZE = "jdbc.pool-size";
    static final String CONNECTION_TIMEOUT = "jdbc.connection-timeout";

    private static final Pattern H2_WRITE_DELAY = Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=\\s*([^;]*)");
    private static final Pattern H2_CLOSE_ON_EXIT = Pattern.compile("(?i);\\s*DB_CLOSE_ON_EXIT\\s*=");
    private static final Pattern URL_SECRET = Pattern.compile("(?i)(password\\s*=\\s*)[^;&]*");

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException when a setting is invalid; the message names its
     *                                  {@code broker.} property
     */
    static JdbcSettings from(StoreContext context) {
        String url = context.setting(URL).map(String::strip).orElse(DEFAULT_URL);
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5) || url.length() == 5) {
            throw new IllegalArgumentException(property(URL) + " must be a JDBC URL (jdbc:...), not '" + url + "'");
        }
        if (url.toLowerCase(Locale.ROOT).matches("jdbc:h2:mem:(;.*)?")) {
            // every connection of the pool would get a private, empty database
            throw new IllegalArgumentException(property(URL) + " must name an in-memory H2 database "
                    + "(jdbc:h2:mem:herald), not '" + url + "'");
        }
        int poolSize = context.setting(POOL_SIZE).map(JdbcSettings::poolSize).orElse(DEFAULT_POOL_SIZE);
        Duration connectionTimeout = context.setting(CONNECTION_TIMEOUT).map(JdbcSettings::connectionTimeout)
                .orElse(DEFAULT_CONNECTION_TIMEOUT);
        return new JdbcSettings(url, context.setting(USER), context.setting(PASSWORD), poolSize, connectionTimeout);
    }

    private static Duration connectionTimeout(String value) {
        Duration timeout = duration(value.strip());
        if (timeout == null || timeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            throw new IllegalArgumentException(property(CONNECTION_TIMEOUT) + " must be a duration of at least 250ms "
                    + "(such as 500ms, 5s, 1m or PT5S), not '" + value + "'");
        }
        return timeout;
    }

    /** A duration in the grammar of every Herald option; null if it is none. */
    private static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int poolSize(String value) {
        try {
            int size = Integer.parseInt(value.strip());
            if (size >= 1 && size <= MAX_POOL_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property(POOL_SIZE) + " must be a whole number from 1 to "
                + MAX_POOL_SIZE + ", not '" + value + "'");
    }

    private static String property(String setting) {
        return "broker." + setting;
    }

    /** Whether the URL names an H2 database. */
    boolean h2() {
        return url.regionMatches(true, 0, "jdbc:h2:", 0, 8);
    }

    /** Whether the URL names a PostgreSQL database. */
    boolean postgres() {
        return url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16);
    }

    /** Whether the URL names an H2 database that lives in memory only. */
    boolean h2InMemory() {
        return h2() && url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:");
    }

    /**
     * The URL the pool connects with. For an H2 file database two settings are added unless the
     * URL gives them:
     * <ul>
     *   <li>{@code WRITE_DELAY=0}: H2 normally writes committed changes to its file up to half a
     *       second later, so a crash could lose acknowledged messages; with 0 every commit writes
     *       its changes to the file before it returns.</li>
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the store closes the database itself when it is
     *       closed, so a shutdown hook of H2 does not close it under writes still finishing.</li>
     * </ul>
     */
    String connectionUrl() {
        if (!h2() || h2InMemory()) {
            return url;
        }
        String connection = url;
        if (!H2_WRITE_DELAY.matcher(url).find()) {
            connection += ";WRITE_DELAY=0";
        }
        if (!H2_CLOSE_ON_EXIT.matcher(url).find()) {
            connection += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return connection;
    }

    /**
     * Whether messages survive a crash of the process once {@code append} returned: not for an
     * in-memory H2 database, nor for H2 with a {@code WRITE_DELAY} other than 0 set in the URL.
     */
    boolean durable() {
        if (!h2()) {
            return true;
        }
        if (h2InMemory()) {
            return false;
        }
        Matcher delay = H2_WRITE_DELAY.matcher(url);
        return !delay.find() || delay.group(1).strip().equals("0");
    }

    /** The URL with any password in it masked, for messages and logs. */
    String maskedUrl() {
        return URL_SECRET.matcher(url).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + maskedUrl() + ", user=" + user.orElse("(none)")
                + ", password=" + (password.isPresent() ? "***" : "(none)") + ", poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout.toMillis() + "ms]";
    }
}
