package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.SessionRecord;
import dev.herald.broker.api.spi.SubscriptionStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions and subscriptions in tables {@code sessions} and {@code subscriptions}. Changes go
 * through the {@link Committer}; reads run on a pooled connection of their own.
 */
final class JdbcSubscriptionStore implements SubscriptionStore {

    private static final String SESSIONS = "SELECT s.client_id, s.offline_since, sub.topic, s.owner, sub.qos FROM sessions s "
            + "LEFT JOIN subscriptions sub ON sub.client_id = s.client_id";
    private static final String FIND = SESSIONS + " WHERE s.client_id = ?";
    private static final String ALL = SESSIONS + " ORDER BY s.client_id";
    private static final String EXPIRED = "SELECT client_id FROM sessions WHERE offline_since < ? "
            + "ORDER BY offline_since, client_id FETCH FIRST ? ROWS ONLY";
    private static final String DELETE_QUEUE = "DELETE FROM offline_queue WHERE client_id = ?";
    private static final String DELETE_SUBSCRIPTIONS = "DELETE FROM subscriptions WHERE client_id = ?";
    private static final String DELETE_SESSION = "DELETE FROM sessions WHERE client_id = ?";
    private static final String INSERT_SESSION = "INSERT INTO sessions (client_id, offline_since, owner) VALUES (?, NULL, ?)";
    private static final String SET_QOS = "UPDATE subscriptions SET qos = ? WHERE client_id = ? AND topic = ?";
    private static final String SUBSCRIBE = "INSERT INTO subscriptions (qos, client_id, topic) VALUES (?, ?, ?)";
    private static final String UNSUBSCRIBE = "DELETE FROM subscriptions WHERE client_id = ? AND topic = ?";
    private static final String MARK_ONLINE = "UPDATE sessions SET offline_since = NULL WHERE client_id = ?";
    private static final String MARK_OFFLINE = "UPDATE sessions SET offline_since = ? WHERE client_id = ?";

    private final JdbcStore store;
    private final Committer committer;

    JdbcSubscriptionStore(JdbcStore store, Committer committer) {
        this.store = store;
        this.committer = committer;
    }

    @Override
    public Optional<SessionRecord> find(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return store.read("read session " + clientId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(FIND)) {
                select.setString(1, clientId);
                try (ResultSet rows = select.executeQuery()) {
                    List<SessionRecord> found = sessions(rows);
                    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
                }
            }
        });
    }

    @Override
    public List<SessionRecord> all() {
        return store.read("read the sessions", connection -> {
            try (PreparedStatement select = connection.prepareStatement(ALL);
                 ResultSet rows = select.executeQuery()) {
                return sessions(rows);
            }
        });
    }

    /** Folds rows of (client id, offline since, filter, owner, qos), grouped by client id, into records. */
    private static List<SessionRecord> sessions(ResultSet rows) throws SQLException {
        List<SessionRecord> sessions = new ArrayList<>();
        String clientId = null;
        long offlineSince = -1;
        String owner = null;
        Map<String, Integer> subscriptions = new HashMap<>();
        while (rows.next()) {
            String id = rows.getString(1);
            if (!id.equals(clientId)) {
                if (clientId != null) {
                    sessions.add(new SessionRecord(clientId, subscriptions, offlineSince, owner));
                }
                clientId = id;
                long since = rows.getLong(2);
                offlineSince = rows.wasNull() ? -1 : since;
                owner = rows.getString(4);
                subscriptions = new HashMap<>();
            }
            String filter = rows.getString(3);
            if (filter != null) {
                subscriptions.put(filter, rows.getInt(5));
            }
        }
        if (clientId != null) {
            sessions.add(new SessionRecord(clientId, subscriptions, offlineSince, owner));
        }
        return List.copyOf(sessions);
    }

    @Override
    public void create(String clientId, String owner) {
        Objects.requireNonNull(clientId, "clientId");
        committer.run(tx -> {
            discard(tx, clientId);
            update(tx, INSERT_SESSION, clientId, owner);
            return null;
        }, 1);
    }

    @Override
    public void delete(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        committer.run(tx -> {
            discard(tx, clientId);
            return null;
        }, 1);
    }

    /** Deletes a session with its subscriptions and queued messages. */
    private static void discard(WriteTransaction tx, String clientId) throws SQLException {
        tx.settle();
        update(tx, DELETE_QUEUE, clientId);
        update(tx, DELETE_SUBSCRIPTIONS, clientId);
        update(tx, DELETE_SESSION, clientId);
        tx.state().queued(clientId, 0);
    }

    /** Sets the QoS of the subscription, and inserts it when there was none to set. */
    @Override
    public void subscribe(String clientId, String filter, int qos) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(filter, "filter");
        Message.checkQos(qos);
        committer.run(tx -> {
            if (subscription(tx, SET_QOS, qos, clientId, filter) == 0) {
                subscription(tx, SUBSCRIBE, qos, clientId, filter);
            }
            return null;
        }, 1);
    }

    private static int subscription(WriteTransaction tx, String sql, int qos, String clientId, String filter)
            throws SQLException {
        PreparedStatement statement = tx.prepare(sql);
        statement.setInt(1, qos);
        statement.setString(2, clientId);
        statement.setString(3, filter);
        return statement.executeUpdate();
    }

    @Override
    public void unsubscribe(String clientId, String topic) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topic, "topic");
        committer.run(tx -> update(tx, UNSUBSCRIBE, clientId, topic), 1);
    }

    @Override
    public void markOnline(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        committer.run(tx -> update(tx, MARK_ONLINE, clientId), 1);
    }

    @Override
    public void markOffline(String clientId, long at) {
        Objects.requireNonNull(clientId, "clientId");
        committer.run(tx -> {
            PreparedStatement mark = tx.prepare(MARK_OFFLINE);
            mark.setLong(1, at);
            mark.setString(2, clientId);
            return mark.executeUpdate();
        }, 1);
    }

    @Override
    public List<String> expired(long offlineBefore, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return store.read("find expired sessions", connection -> {
            try (PreparedStatement select = connection.prepareStatement(EXPIRED)) {
                select.setLong(1, offlineBefore);
                select.setInt(2, limit);
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return List.copyOf(ids);
            }
        });
    }

    private static int update(WriteTransaction tx, String sql, String... parameters) throws SQLException {
        PreparedStatement statement = tx.prepare(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setString(i + 1, parameters[i]);
        }
        return statement.executeUpdate();
    }
}
