package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The columns of a message in every table that holds messages ({@code retained_messages},
 * {@code offline_queue} and {@code mqtt_retained}), written and read in one order: the message
 * id (column {@code id}, or {@code message_id} in the queue), then {@value #AFTER_ID}. The
 * topic and the client id are the tables' own business.
 *
 * <p>The payload takes two columns (see {@link Payloads}). {@code properties} is NULL for a
 * message without properties and {@code expires_at} NULL for one that never expires, as in
 * rows stored before schema version 4, which had neither.
 */
final class MessageRows {

    /** The columns after the message id, in the order {@link #bind} and {@link #read} use. */
    static final String AFTER_ID = "published_at, qos, payload, payload_utf8, properties, expires_at";
    /** A placeholder for the message id and each column after it. */
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?";
    /** How many columns a message takes: the id and those after it. */
    static final int COLUMNS = 7;

    private static final byte[] NO_PROPERTIES = {};

    private MessageRows() {
    }

    /** Sets the {@value #COLUMNS} parameters of a message starting at {@code index}. */
    static void bind(PreparedStatement statement, int index, Message message) throws SQLException {
        statement.setLong(index, message.id());
        statement.setLong(index + 1, message.publishedAt());
        statement.setInt(index + 2, message.qos());
        Payloads.bind(statement, index + 3, message.payloadBytes());
        if (message.hasProperties()) {
            ByteBuffer properties = message.properties();
            byte[] bytes = new byte[properties.remaining()];
            properties.get(bytes);
            statement.setBytes(index + 5, bytes);
        } else {
            statement.setNull(index + 5, Types.VARBINARY);
        }
        if (message.expiresAt() == Message.NEVER_EXPIRES) {
            statement.setNull(index + 6, Types.BIGINT);
        } else {
            statement.setLong(index + 6, message.expiresAt());
        }
    }

    /** Reads the message of {@code topic} from the {@value #COLUMNS} columns starting at {@code index}. */
    static Message read(ResultSet row, int index, String topic) throws SQLException {
        byte[] properties = row.getBytes(index + 5);
        return Message.wrapping(row.getLong(index), topic, row.getLong(index + 1), Payloads.read(row, index + 3),
                row.getInt(index + 2), properties == null ? NO_PROPERTIES : properties, row.getLong(index + 6));
    }
}
