package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One database transaction of the committer, shared by every write of a group.
 *
 * <p>Appended messages are buffered and written with JDBC batches when the group ends or before
 * any other write reads or changes the same tables ({@link #settle()}), so the rows of many
 * appends go to the database in a few round trips. Messages that the history or queue bound
 * would drop at once are not written at all; the oldest stored rows beyond a bound are deleted
 * in the same transaction. Of the retained messages set or cleared in the group only each
 * topic's last one is written: its old row is deleted and the new one inserted, which every
 * database runs alike.
 */
final class WriteTransaction implements AutoCloseable {

    // Each INSERT of a message has its key (topic or client id and topic) first, then the columns of MessageRows.
    private static final String INSERT_HISTORY = "INSERT INTO retained_messages "
            + "(topic, id, " + MessageRows.AFTER_ID + ") VALUES (?, " + MessageRows.PLACEHOLDERS + ")";
    static final String INSERT_QUEUED = "INSERT INTO offline_queue "
            + "(client_id, topic, message_id, " + MessageRows.AFTER_ID + ") VALUES (?, ?, " + MessageRows.PLACEHOLDERS + ")";
    private static final String DELETE_RETAINED = "DELETE FROM mqtt_retained WHERE topic = ?";
    private static final String INSERT_RETAINED = "INSERT INTO mqtt_retained "
            + "(topic, id, " + MessageRows.AFTER_ID + ") VALUES (?, " + MessageRows.PLACEHOLDERS + ")";
    // Bounds are applied by finding the oldest row to keep and deleting the rows before it: two
    // range scans of an index (a DELETE with an IN subquery is evaluated row by row on H2).
    private static final Trim HISTORY = new Trim(
            "SELECT id FROM retained_messages WHERE topic = ? ORDER BY id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY",
            "DELETE FROM retained_messages WHERE topic = ? AND id < ?",
            "DELETE FROM retained_messages WHERE topic = ?");
    private static final Trim QUEUED = new Trim(
            "SELECT message_id FROM offline_queue WHERE client_id = ? ORDER BY message_id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY",
            "DELETE FROM offline_queue WHERE client_id = ? AND message_id < ?",
            "DELETE FROM offline_queue WHERE client_id = ?");
    private static final String SAVE_LAST_ID = "UPDATE message_ids SET last_id = ?";

    private final Connection connection;
    private final WriterState state;
    private final int retainedMax;
    private final int offlineMax;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, List<Message>> newHistory = new LinkedHashMap<>();
    private final Map<String, List<Message>> newQueued = new LinkedHashMap<>();
    /** Each topic's retained message as the group leaves it; {@link Optional#empty()} clears it. */
    private final Map<String, Optional<Message>> newRetained = new LinkedHashMap<>();
    private boolean idsTaken;
    private long dropped;

    WriteTransaction(Connection connection, WriterState state, int retainedMax, int offlineMax) {
        this.connection = connection;
        this.state = state;
        this.retainedMax = retainedMax;
        this.offlineMax = offlineMax;
    }

    /** The next message id. */
    long nextId() {
        idsTaken = true;
        return state.nextId();
    }

    /** Adds a new message (with an id above every stored one) to its topic's history. */
    void addToHistory(Message message) {
        newHistory.computeIfAbsent(message.topic(), t -> new ArrayList<>()).add(message);
    }

    /**
     * Makes a new message its topic's retained message, or clears the topic's retained message
     * when the payload is empty; a later call for the topic overrides an earlier one.
     */
    void retain(Message message) {
        newRetained.put(message.topic(), message.payloadSize() == 0 ? Optional.empty() : Optional.of(message));
    }

    /** Adds a new message (with an id above every stored one) to a session's queue. */
    void queue(String clientId, Message message) {
        newQueued.computeIfAbsent(clientId, c -> new ArrayList<>()).add(message);
    }

    /** The committer state, for writes that change what it counts. */
    WriterState state() {
        return state;
    }

    /** A statement prepared on this transaction's connection, reused within it. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Messages dropped from full queues in this transaction; reported once it commits. */
    long dropped() {
        return dropped;
    }

    /** Writes the buffered messages and retained messages, and applies the history and queue bounds. */
    void settle() throws SQLException {
        if (!newRetained.isEmpty()) {
            settleRetained();
            newRetained.clear();
        }
        if (!newHistory.isEmpty()) {
            settleHistory();
            newHistory.clear();
        }
        if (!newQueued.isEmpty()) {
            settleQueued();
            newQueued.clear();
        }
    }

    /** Settles and records the last id handed out; the transaction is then ready to commit. */
    void finish() throws SQLException {
        settle();
        if (idsTaken) {
            PreparedStatement save = prepare(SAVE_LAST_ID);
            save.setLong(1, state.lastId());
            save.executeUpdate();
        }
    }

    private void settleHistory() throws SQLException {
        PreparedStatement insert = null;
        Map<String, Integer> excesses = new LinkedHashMap<>();
        for (Map.Entry<String, List<Message>> entry : newHistory.entrySet()) {
            String topic = entry.getKey();
            List<Message> messages = entry.getValue();
            int kept = Math.min(messages.size(), retainedMax);
            for (Message m : messages.subList(messages.size() - kept, messages.size())) {
                insert = insert == null ? prepare(INSERT_HISTORY) : insert;
                insert.setString(1, topic);
                MessageRows.bind(insert, 2, m);
                insert.addBatch();
            }
            int stored = state.retained(topic);
            // New ids are above every stored one, so the oldest rows are stored rows.
            int excess = stored + kept - retainedMax;
            if (excess > 0) {
                excesses.put(topic, excess);
            }
            state.retained(topic, stored + kept - Math.max(excess, 0));
        }
        if (insert != null) {
            insert.executeBatch();
        }
        deleteOldest(HISTORY, excesses);
    }

    /** Replaces each topic's retained row: deletes the old one, inserts the new one unless cleared. */
    private void settleRetained() throws SQLException {
        PreparedStatement delete = prepare(DELETE_RETAINED);
        PreparedStatement insert = null;
        for (Map.Entry<String, Optional<Message>> entry : newRetained.entrySet()) {
            delete.setString(1, entry.getKey());
            delete.addBatch();
            if (entry.getValue().isPresent()) {
                Message m = entry.getValue().get();
                insert = insert == null ? prepare(INSERT_RETAINED) : insert;
                insert.setString(1, m.topic());
                MessageRows.bind(insert, 2, m);
                insert.addBatch();
            }
        }
        delete.executeBatch();
        if (insert != null) {
            insert.executeBatch();
        }
    }

    private void settleQueued() throws SQLException {
        PreparedStatement insert = null;
        Map<String, Integer> excesses = new LinkedHashMap<>();
        for (Map.Entry<String, List<Message>> entry : newQueued.entrySet()) {
            String clientId = entry.getKey();
            List<Message> messages = entry.getValue();
            int kept = Math.min(messages.size(), offlineMax);
            dropped += messages.size() - kept;
            for (Message m : messages.subList(messages.size() - kept, messages.size())) {
                insert = insert == null ? prepare(INSERT_QUEUED) : insert;
                bindQueued(insert, clientId, m);
                insert.addBatch();
            }
            int stored = state.queued(clientId);
            int excess = stored + kept - offlineMax;
            if (excess > 0) {
                excesses.put(clientId, excess);
                dropped += excess;
            }
            state.queued(clientId, stored + kept - Math.max(excess, 0));
        }
        if (insert != null) {
            insert.executeBatch();
        }
        deleteOldest(QUEUED, excesses);
    }

    /** Deletes, for each key (topic or client id), its given number of oldest rows. */
    private void deleteOldest(Trim trim, Map<String, Integer> excesses) throws SQLException {
        if (excesses.isEmpty()) {
            return;
        }
        PreparedStatement firstKept = prepare(trim.firstKept());
        PreparedStatement deleteBefore = null;
        for (Map.Entry<String, Integer> entry : excesses.entrySet()) {
            firstKept.setString(1, entry.getKey());
            firstKept.setInt(2, entry.getValue());
            try (ResultSet row = firstKept.executeQuery()) {
                if (row.next()) {
                    deleteBefore = deleteBefore == null ? prepare(trim.deleteBefore()) : deleteBefore;
                    deleteBefore.setString(1, entry.getKey());
                    deleteBefore.setLong(2, row.getLong(1));
                    deleteBefore.addBatch();
                } else {
                    PreparedStatement deleteAll = prepare(trim.deleteAll());
                    deleteAll.setString(1, entry.getKey());
                    deleteAll.executeUpdate();
                }
            }
        }
        if (deleteBefore != null) {
            deleteBefore.executeBatch();
        }
    }

    /** Binds the parameters of {@link #INSERT_QUEUED}. */
    static void bindQueued(PreparedStatement insert, String clientId, Message m) throws SQLException {
        insert.setString(1, clientId);
        insert.setString(2, m.topic());
        MessageRows.bind(insert, 3, m);
    }

    /**
     * Deletes the oldest rows of a session's queue beyond the bound (after rows were added out
     * of the append path), counting them as dropped.
     */
    void trimQueue(String clientId) throws SQLException {
        int excess = state.queued(clientId) - offlineMax;
        if (excess > 0) {
            deleteOldest(QUEUED, Map.of(clientId, excess));
            dropped += excess;
            state.queued(clientId, offlineMax);
        }
    }

    /**
     * The statements that delete the oldest rows of a topic or a session.
     *
     * @param firstKept    selects the id of the oldest row to keep, given the key and how many go
     * @param deleteBefore deletes the rows of the key below an id
     * @param deleteAll    deletes every row of the key
     */
    private record Trim(String firstKept, String deleteBefore, String deleteAll) {
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection goes back to the pool, which closes what is left
            }
        }
        statements.clear();
    }
}
