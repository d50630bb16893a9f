package dev.herald.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a class of the store logs (through {@link System.Logger}, which goes to
 * java.util.logging here) during a test, instead of printing it.
 */
final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final boolean useParentHandlers;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CapturedLog(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        level = logger.getLevel();
        useParentHandlers = logger.getUseParentHandlers();
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    /** The messages logged at {@code level} that contain {@code text}. */
    List<String> messages(Level level, String text) {
        synchronized (records) {
            List<String> found = new ArrayList<>();
            for (LogRecord record : records) {
                if (record.getLevel().equals(level) && record.getMessage().contains(text)) {
                    found.add(record.getMessage());
                }
            }
            return found;
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
        logger.setLevel(level);
    }
}
