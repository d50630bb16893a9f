package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Retained history, retained messages and offline queues in tables {@code retained_messages},
 * {@code mqtt_retained} and {@code offline_queue}. Changes go through the {@link Committer};
 * reads run on a pooled connection of their own.
 */
final class JdbcMessageStore implements MessageStore {

    /** Most queued messages deleted per transaction by {@link #purgeExpired}. */
    static final int PURGE_CHUNK = 1_000;

    // Each SELECT of messages has the columns of MessageRows first; the topic, where it reads it, follows.
    private static final String HISTORY = "SELECT id, " + MessageRows.AFTER_ID + " FROM retained_messages "
            + "WHERE topic = ? ORDER BY id";
    private static final String RETAINED_OF_TOPIC = "SELECT id, " + MessageRows.AFTER_ID + " "
            + "FROM mqtt_retained WHERE topic = ?";
    private static final String ALL_RETAINED = "SELECT id, " + MessageRows.AFTER_ID + ", topic "
            + "FROM mqtt_retained ORDER BY id";
    private static final String TOPICS = "SELECT topic FROM retained_messages UNION SELECT topic FROM mqtt_retained";
    private static final String QUEUE = "SELECT message_id, " + MessageRows.AFTER_ID + ", topic "
            + "FROM offline_queue WHERE client_id = ? ORDER BY message_id";
    /** The column of the topic in {@link #ALL_RETAINED} and {@link #QUEUE}. */
    private static final int TOPIC_AFTER_MESSAGE = MessageRows.COLUMNS + 1;
    private static final String CLEAR_QUEUE = "DELETE FROM offline_queue WHERE client_id = ?";
    private static final String QUEUED_IDS = "SELECT message_id FROM offline_queue "
            + "WHERE client_id = ? AND message_id BETWEEN ? AND ?";
    private static final String EXPIRED = "SELECT client_id, message_id FROM offline_queue "
            + "WHERE published_at < ? ORDER BY published_at FETCH FIRST ? ROWS ONLY";
    private static final String QUEUE_DEPTHS = "SELECT client_id, COUNT(*) FROM offline_queue GROUP BY client_id";
    private static final String DELETE_QUEUED = "DELETE FROM offline_queue WHERE client_id = ? AND message_id = ?";

    private final JdbcStore store;
    private final Committer committer;

    JdbcMessageStore(JdbcStore store, Committer committer) {
        this.store = store;
        this.committer = committer;
    }

    @Override
    public List<Message> append(List<Publication> batch) {
        List<Publication> publications = List.copyOf(batch);
        if (publications.isEmpty()) {
            return List.of();
        }
        return committer.run(tx -> {
            List<Message> stored = new ArrayList<>(publications.size());
            for (Publication p : publications) {
                Message message = Message.wrapping(tx.nextId(), p.topic(), p.publishedAt(), p.payload(), p.qos(),
                        p.properties(), p.expiresAt());
                tx.addToHistory(message);
                if (p.retain()) {
                    tx.retain(message);
                }
                for (String clientId : new LinkedHashSet<>(p.offlineSubscribers())) {
                    tx.queue(clientId, message);
                }
                stored.add(message);
            }
            return List.copyOf(stored);
        }, publications.size());
    }

    @Override
    public List<Message> history(String topic) {
        Objects.requireNonNull(topic, "topic");
        return store.read("read the history of " + topic, connection -> {
            try (PreparedStatement select = connection.prepareStatement(HISTORY)) {
                select.setString(1, topic);
                List<Message> history = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        history.add(MessageRows.read(rows, 1, topic));
                    }
                }
                return history;
            }
        });
    }

    /**
     * A filter without wildcards reads its topic's row by key; a wildcard filter reads every
     * row (one per topic with a retained message) and keeps those it matches.
     */
    @Override
    public List<Message> retained(TopicFilter filter) {
        Objects.requireNonNull(filter, "filter");
        if (!filter.isWildcard()) {
            String topic = filter.text();
            return store.read("read the retained message of " + topic, connection -> {
                try (PreparedStatement select = connection.prepareStatement(RETAINED_OF_TOPIC)) {
                    select.setString(1, topic);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? List.of(MessageRows.read(row, 1, topic)) : List.<Message>of();
                    }
                }
            });
        }
        return store.read("read the retained messages of " + filter, connection -> {
            try (PreparedStatement select = connection.prepareStatement(ALL_RETAINED);
                 ResultSet rows = select.executeQuery()) {
                List<Message> matching = new ArrayList<>();
                while (rows.next()) {
                    String topic = rows.getString(TOPIC_AFTER_MESSAGE);
                    if (filter.matches(topic)) {
                        matching.add(MessageRows.read(rows, 1, topic));
                    }
                }
                return List.copyOf(matching);
            }
        });
    }

    @Override
    public List<String> topics() {
        return store.read("list the topics", connection -> {
            try (PreparedStatement select = connection.prepareStatement(TOPICS);
                 ResultSet rows = select.executeQuery()) {
                List<String> topics = new ArrayList<>();
                while (rows.next()) {
                    topics.add(rows.getString(1));
                }
                return topics;
            }
        });
    }

    @Override
    public Map<String, Integer> queueDepths() {
        return store.read("count the offline queues", connection -> {
            try (PreparedStatement select = connection.prepareStatement(QUEUE_DEPTHS);
                 ResultSet rows = select.executeQuery()) {
                Map<String, Integer> depths = new HashMap<>();
                while (rows.next()) {
                    depths.put(rows.getString(1), rows.getInt(2));
                }
                return depths;
            }
        });
    }

    @Override
    public void enqueue(String clientId, List<Message> messages) {
        Objects.requireNonNull(clientId, "clientId");
        // ordered by id, each message once
        Map<Long, Message> byId = new LinkedHashMap<>();
        messages.stream().sorted(Comparator.comparingLong(Message::id)).forEach(m -> byId.putIfAbsent(m.id(), m));
        if (byId.isEmpty()) {
            return;
        }
        List<Message> ordered = List.copyOf(byId.values());
        committer.run(tx -> {
            tx.settle();
            Set<Long> present = queuedIds(tx, clientId, ordered.getFirst().id(), ordered.getLast().id());
            PreparedStatement insert = tx.prepare(WriteTransaction.INSERT_QUEUED);
            int added = 0;
            for (Message m : ordered) {
                if (!present.contains(m.id())) {
                    WriteTransaction.bindQueued(insert, clientId, m);
                    insert.addBatch();
                    added++;
                }
            }
            if (added > 0) {
                insert.executeBatch();
                tx.state().queued(clientId, tx.state().queued(clientId) + added);
                tx.trimQueue(clientId);
            }
            return null;
        }, ordered.size());
    }

    private static Set<Long> queuedIds(WriteTransaction tx, String clientId, long from, long to) throws SQLException {
        PreparedStatement select = tx.prepare(QUEUED_IDS);
        select.setString(1, clientId);
        select.setLong(2, from);
        select.setLong(3, to);
        Set<Long> ids = new HashSet<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    @Override
    public List<Message> drainQueue(String clientId, long publishedNotBefore) {
        Objects.requireNonNull(clientId, "clientId");
        return committer.run(tx -> {
            tx.settle();
            PreparedStatement select = tx.prepare(QUEUE);
            select.setString(1, clientId);
            List<Message> fresh = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Message message = MessageRows.read(rows, 1, rows.getString(TOPIC_AFTER_MESSAGE));
                    if (message.publishedAt() >= publishedNotBefore) {
                        fresh.add(message);
                    }
                }
            }
            PreparedStatement clear = tx.prepare(CLEAR_QUEUE);
            clear.setString(1, clientId);
            clear.executeUpdate();
            tx.state().queued(clientId, 0);
            return List.copyOf(fresh);
        }, 1);
    }

    @Override
    public int purgeExpired(long publishedBefore, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        int purged = 0;
        while (purged < limit) {
            int chunk = Math.min(PURGE_CHUNK, limit - purged);
            int deleted = committer.run(tx -> purgeChunk(tx, publishedBefore, chunk), 1);
            purged += deleted;
            if (deleted < chunk) {
                break;
            }
        }
        return purged;
    }

    private static int purgeChunk(WriteTransaction tx, long publishedBefore, int chunk) throws SQLException {
        tx.settle();
        PreparedStatement select = tx.prepare(EXPIRED);
        select.setLong(1, publishedBefore);
        select.setInt(2, chunk);
        Map<String, Integer> perSession = new LinkedHashMap<>();
        PreparedStatement delete = tx.prepare(DELETE_QUEUED);
        int deleted = 0;
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String clientId = rows.getString(1);
                delete.setString(1, clientId);
                delete.setLong(2, rows.getLong(2));
                delete.addBatch();
                perSession.merge(clientId, 1, Integer::sum);
                deleted++;
            }
        }
        if (deleted > 0) {
            delete.executeBatch();
            for (Map.Entry<String, Integer> e : perSession.entrySet()) {
                tx.state().queued(e.getKey(), Math.max(0, tx.state().queued(e.getKey()) - e.getValue()));
            }
        }
        return deleted;
    }

    @Override
    public long droppedOfflineMessages() {
        return committer.dropped();
    }
}
