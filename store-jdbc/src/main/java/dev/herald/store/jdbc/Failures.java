package dev.herald.store.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells database failures apart, so the store can report them clearly.
 */
final class Failures {

    private Failures() {
    }

    /**
     * Whether the failure means the database could not be reached or the connection broke
     * (rather than the database refusing a statement).
     */
    static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure's own message, with its SQL state when there is one. For a failed JDBC batch
     * it is the message of the failure behind it, since some drivers put the batch's parameter
     * values (message payloads) into the batch exception's own message.
     */
    static String describe(Throwable failure) {
        if (failure instanceof BatchUpdateException batch && batch.getNextException() != null) {
            failure = batch.getNextException();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            return message + " [SQL state " + sql.getSQLState() + "]";
        }
        return message;
    }
}
