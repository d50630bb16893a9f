package dev.herald.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and upgrades the schema. Version {@code n} is the script {@code schema-n.sql} beside
 * this class; table {@code schema_version} records each version applied, so opening a database
 * applies exactly the scripts it has not seen, in order, each in a transaction of its own.
 */
final class SchemaMigrations {

    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());

    private final Clock clock;

    SchemaMigrations(Clock clock) {
        this.clock = clock;
    }

    /** The newest schema version this store knows. */
    static int latestVersion() {
        int version = 0;
        while (script(version + 1) != null) {
            version++;
        }
        return version;
    }

    /**
     * Brings the database to the latest version.
     *
     * @return the versions applied, oldest first (empty when the schema was current)
     * @throws IllegalStateException when the database has a newer schema than this store knows
     */
    List<Integer> migrate(Connection connection) throws SQLException {
        return migrate(connection, latestVersion());
    }

    /**
     * Brings the database to version {@code target}, no further: the tests make databases of an
     * older version with it, to check that opening them upgrades them.
     *
     * @return the versions applied, oldest first
     * @throws IllegalStateException when the database has a newer schema than this store knows
     */
    List<Integer> migrate(Connection connection, int target) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            int current = currentVersion(connection);
            int latest = latestVersion();
            if (current > latest) {
                throw new IllegalStateException("the database has schema version " + current
                        + " but this Herald knows versions up to " + latest + " only; use a newer Herald");
            }
            List<Integer> applied = new ArrayList<>();
            for (int version = current + 1; version <= Math.min(target, latest); version++) {
                apply(connection, version, script(version));
                applied.add(version);
            }
            return applied;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INT NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, "
                    + "applied_at BIGINT NOT NULL)");
            connection.commit();
            try (ResultSet row = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                row.next();
                int version = row.getInt(1);
                connection.commit();
                return version;
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    private void apply(Connection connection, int version, String script) throws SQLException {
        String description = description(script);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                statement.execute(sql);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                record.setInt(1, version);
                record.setString(2, description);
                record.setLong(3, clock.millis());
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("schema version " + version + " could not be applied: " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        }
        LOG.log(System.Logger.Level.INFO, "applied schema version {0}: {1}", version, description);
    }

    /** The script of a version, or {@code null} past the latest. */
    private static String script(int version) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("schema-" + version + ".sql")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema script " + version, e);
        }
    }

    /** The script's first comment line, which says what the version is. */
    private static String description(String script) {
        for (String line : script.lines().toList()) {
            String text = line.strip();
            if (text.startsWith("--")) {
                String description = text.substring(2).strip();
                return description.length() > 200 ? description.substring(0, 200) : description;
            }
        }
        return "";
    }

    /** The statements of a script: comment lines dropped, split at each semicolon. */
    static List<String> statements(String script) {
        StringBuilder code = new StringBuilder();
        for (String line : script.lines().toList()) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String sql : code.toString().split(";")) {
            if (!sql.isBlank()) {
                statements.add(sql.strip());
            }
        }
        return statements;
    }
}
