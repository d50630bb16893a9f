package dev.herald.broker.server;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the server's log to warnings and errors while a test opens thousands of
 * connections (each would log its session's start and end), and restores the level after.
 */
final class QuietLogs implements AutoCloseable {

    /** Held so that the level set on it is not lost to garbage collection. */
    private final Logger logger = Logger.getLogger("dev.herald.broker.server");
    private final Level before = logger.getLevel();

    QuietLogs() {
        logger.setLevel(Level.WARNING);
    }

    @Override
    public void close() {
        logger.setLevel(before);
    }
}
