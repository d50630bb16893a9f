package dev.herald.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Writes and reads a payload as two columns, {@code payload} and {@code payload_utf8}. The text
 * goes into {@code payload}, where plain SQL can read it; PostgreSQL text cannot hold the
 * character U+0000, so a payload that contains it goes into {@code payload_utf8} as UTF-8 bytes
 * instead, with {@code payload} left NULL.
 */
final class Payloads {

    private Payloads() {
    }

    /** Sets the two payload parameters starting at {@code index}. */
    static void bind(PreparedStatement statement, int index, String payload) throws SQLException {
        if (payload.indexOf('\0') < 0) {
            statement.setString(index, payload);
            statement.setNull(index + 1, Types.VARBINARY);
        } else {
            statement.setNull(index, Types.VARCHAR);
            statement.setBytes(index + 1, payload.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads the payload from the two columns starting at {@code index}. */
    static String read(ResultSet row, int index) throws SQLException {
        String text = row.getString(index);
        if (text != null) {
            return text;
        }
        byte[] bytes = row.getBytes(index + 1);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
