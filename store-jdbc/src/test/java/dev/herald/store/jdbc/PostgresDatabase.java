package dev.herald.store.jdbc;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use: the one named by {@value #ENV} if set, else a
 * Testcontainers PostgreSQL when Docker runs, else none (and the tests say why they skip).
 * Each test gets a schema of its own, dropped after it, so runs never collide or leave tables.
 */
final class PostgresDatabase {

    /** Environment variable with the JDBC URL of a PostgreSQL database the tests may use. */
    static final String ENV = "HERALD_TEST_POSTGRES_URL";

    private static String baseUrl;
    private static String unavailable;

    private PostgresDatabase() {
    }

    /** The server's JDBC URL, or empty when there is none (see {@link #unavailableReason()}). */
    static synchronized Optional<String> baseUrl() {
        if (baseUrl == null && unavailable == null) {
            find();
        }
        return Optional.ofNullable(baseUrl);
    }

    static synchronized String unavailableReason() {
        baseUrl();
        return unavailable;
    }

    private static void find() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            baseUrl = configured.strip();
            return;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            @SuppressWarnings("resource") // stopped by Testcontainers when the test JVM ends
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            baseUrl = withParameter(withParameter(container.getJdbcUrl(), "user", container.getUsername()),
                    "password", container.getPassword());
            return;
        }
        unavailable = "no PostgreSQL to test with: set " + ENV
                + " (such as jdbc:postgresql://127.0.0.1:5432/test?user=postgres) or start Docker";
    }

    /** Creates a schema of its own for one test; closing it drops the schema with everything in it. */
    static Schema freshSchema() {
        String base = baseUrl().orElseThrow(() -> new IllegalStateException(unavailableReason()));
        String name = "herald_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute(base, "CREATE SCHEMA " + name);
        return new Schema(base, name);
    }

    private static String withParameter(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A schema of one test. */
    record Schema(String baseUrl, String name) implements AutoCloseable {

        /** A JDBC URL whose tables live in this schema. */
        String url() {
            return withParameter(baseUrl, "currentSchema", name);
        }

        @Override
        public void close() {
            execute(baseUrl, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
