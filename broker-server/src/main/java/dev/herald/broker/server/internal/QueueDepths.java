package dev.herald.broker.server.internal;

import java.util.Map;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * The depths of the offline queues, read from the store at most every half second however
 * many readers ask (a scrape reads the total and the largest, the admin API each session's),
 * since a durable store counts them with a query.
 */
final class QueueDepths {

    private static final System.Logger LOG = System.getLogger(QueueDepths.class.getName());
    private static final long FRESH_NANOS = 500_000_000L;

    private final Supplier<Map<String, Integer>> read;
    private Map<String, Integer> last = Map.of();
    private long readAt;
    private boolean everRead;

    QueueDepths(Supplier<Map<String, Integer>> read) {
        this.read = read;
    }

    synchronized Map<String, Integer> get() {
        long now = System.nanoTime();
        if (!everRead || now - readAt >= FRESH_NANOS) {
            try {
                last = Map.copyOf(read.get());
            } catch (RuntimeException e) {
                LOG.log(DEBUG, () -> "could not count the offline queues, showing the last count: " + e.getMessage());
            }
            readAt = now;
            everRead = true;
        }
        return last;
    }

    /** The messages queued in every queue. */
    long total() {
        return get().values().stream().mapToLong(Integer::longValue).sum();
    }

    /** The deepest queue's messages. */
    int largest() {
        return get().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
