package dev.herald.store.jdbc;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The JDBC store's own behaviour on an H2 file database, fresh for each test. */
class H2StoreBehaviourTest extends JdbcStoreBehaviour {

    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:h2:file:" + dir.resolve("herald");
    }
}
