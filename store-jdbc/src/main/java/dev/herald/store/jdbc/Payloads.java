package dev.herald.store.jdbc;

import dev.herald.broker.model.Message;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Writes and reads a payload as two columns, {@code payload} and {@code payload_utf8}. A
 * payload that is UTF-8 text goes into {@code payload}, where plain SQL can read it. Any
 * other payload goes into {@code payload_utf8} as its bytes, with {@code payload} left NULL:
 * bytes that are not UTF-8 (a binary payload), and text with the character U+0000, which
 * PostgreSQL text cannot hold.
 */
final class Payloads {

    private Payloads() {
    }

    /** Sets the two payload parameters starting at {@code index}. */
    static void bind(PreparedStatement statement, int index, byte[] payload) throws SQLException {
        if (isText(payload)) {
            statement.setString(index, new String(payload, StandardCharsets.UTF_8));
            statement.setNull(index + 1, Types.VARBINARY);
        } else {
            statement.setNull(index, Types.VARCHAR);
            statement.setBytes(index + 1, payload);
        }
    }

    private static boolean isText(byte[] payload) {
        for (byte b : payload) {
            if (b == 0) {
                return false;
            }
        }
        return Message.isUtf8(payload);
    }

    /** Reads the payload from the two columns starting at {@code index}. */
    static byte[] read(ResultSet row, int index) throws SQLException {
        String text = row.getString(index);
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = row.getBytes(index + 1);
        return bytes == null ? new byte[0] : bytes;
    }
}
