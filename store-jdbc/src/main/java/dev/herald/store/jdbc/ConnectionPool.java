package dev.herald.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The HikariCP pool, with one addition: a connection that failed is checked, and dropped when it
 * broke, so that it is not lent again. Some drivers (H2 over TCP) answer every later call on a
 * cut connection with an error that HikariCP does not take for a broken connection.
 */
final class ConnectionPool implements AutoCloseable {

    /** Seconds to wait for a failed connection to answer a validity check. */
    private static final int CHECK_SECONDS = 2;

    private final HikariDataSource hikari;

    ConnectionPool(HikariDataSource hikari) {
        this.hikari = hikari;
    }

    /** A connection from the pool; closing it gives it back. */
    Connection borrow() throws SQLException {
        return hikari.getConnection();
    }

    /**
     * After a failure on {@code connection} (not yet given back): whether it broke. A broken
     * connection leaves the pool; the next borrower gets a new one.
     */
    boolean dropIfBroken(Connection connection) {
        try {
            if (connection.isValid(CHECK_SECONDS)) {
                return false;
            }
        } catch (SQLException e) {
            // not valid either
        }
        hikari.evictConnection(connection);
        return true;
    }

    @Override
    public void close() {
        hikari.close();
    }
}
