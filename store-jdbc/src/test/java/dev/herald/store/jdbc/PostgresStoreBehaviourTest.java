package dev.herald.store.jdbc;

import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JDBC store's own behaviour on PostgreSQL, in a fresh schema for each test. */
class PostgresStoreBehaviourTest extends JdbcStoreBehaviour {

    private PostgresDatabase.Schema schema;

    @BeforeAll
    static void needsPostgres() {
        assumeTrue(PostgresDatabase.baseUrl().isPresent(), PostgresDatabase::unavailableReason);
    }

    @Override
    String freshUrl() {
        schema = PostgresDatabase.freshSchema();
        return schema.url();
    }

    @Override
    void dispose() {
        if (schema != null) {
            schema.close();
        }
    }
}
