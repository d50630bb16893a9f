package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * What the committer knows about the database so that its writes need no extra reads: the
 * last message id handed out, and how many rows each topic's history and each session's queue
 * hold. Only the committer's thread touches it. After a failed transaction it is marked stale
 * and read again from the database before the next one, so a rolled-back write leaves no trace
 * in it (Herald assumes one broker per database).
 */
final class WriterState {

    private long lastId;
    private final Map<String, Integer> retained = new HashMap<>();
    private final Map<String, Integer> queued = new HashMap<>();
    private boolean stale = true;

    /** Reads the state from the database if it is stale. */
    void loadIfStale(Connection connection) throws SQLException {
        if (!stale) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            // Ids never go back, even when the failed transaction did not really use them.
            lastId = Math.max(lastId, single(statement, "SELECT MAX(last_id) FROM message_ids"));
            lastId = Math.max(lastId, single(statement, "SELECT MAX(id) FROM retained_messages"));
            lastId = Math.max(lastId, single(statement, "SELECT MAX(message_id) FROM offline_queue"));
            lastId = Math.max(lastId, single(statement, "SELECT MAX(id) FROM mqtt_retained"));
            counts(statement, "SELECT topic, COUNT(*) FROM retained_messages GROUP BY topic", retained);
            counts(statement, "SELECT client_id, COUNT(*) FROM offline_queue GROUP BY client_id", queued);
        }
        stale = false;
    }

    /** Forgets the state; it is read again before the next transaction. */
    void markStale() {
        stale = true;
    }

    long lastId() {
        return lastId;
    }

    long nextId() {
        return ++lastId;
    }

    int retained(String topic) {
        return retained.getOrDefault(topic, 0);
    }

    void retained(String topic, int count) {
        put(retained, topic, count);
    }

    int queued(String clientId) {
        return queued.getOrDefault(clientId, 0);
    }

    void queued(String clientId, int count) {
        put(queued, clientId, count);
    }

    private static void put(Map<String, Integer> counts, String key, int count) {
        if (count == 0) {
            counts.remove(key);
        } else {
            counts.put(key, count);
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static void counts(Statement statement, String sql, Map<String, Integer> into) throws SQLException {
        into.clear();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                into.put(rows.getString(1), rows.getInt(2));
            }
        }
    }
}
