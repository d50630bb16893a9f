package dev.herald.store.jdbc;

import java.sql.SQLException;

/**
 * A change to the database that the {@link Committer} runs inside a shared transaction.
 *
 * @param <T> what the change returns to its caller once committed
 */
@FunctionalInterface
interface Write<T> {

    /**
     * Makes the change. Writes that touch the history or queue tables with their own statements
     * call {@link WriteTransaction#settle()} first, so that they see the rows buffered by appends.
     */
    T apply(WriteTransaction transaction) throws SQLException;
}
