package dev.herald.store.jdbc;

import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.StoreListener;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The one thread that writes to the database, with group commit: it takes every write waiting
 * when it is free (appends for different topics from different threads, session changes) and
 * runs them in one transaction, so one commit, and one flush to disk, covers them all. A caller
 * returns only after the commit that holds its write.
 *
 * <p>A failed group is rolled back as a whole. When the database refused a statement (rather
 * than being unreachable), each write of the group is then tried alone, so one bad write cannot
 * fail the writes that happened to share its transaction. The thread survives every failure;
 * once the database is back, the next write simply gets a fresh connection from the pool.
 */
final class Committer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Committer.class.getName());

    /**
     * Most weight (publications, or one per other write) of the writes grouped into one
     * transaction, to keep them short; a single heavier write (a large batch) gets a
     * transaction to itself.
     */
    static final int MAX_GROUP_WEIGHT = 4_096;

    private static final Pending<Void> STOP = new Pending<>(tx -> null, 0);

    private final ConnectionPool pool;
    private final String where;
    private final int retainedMax;
    private final int offlineMax;
    private final StoreListener listener;
    private final WriterState state = new WriterState();
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private boolean failing;

    /**
     * @param where names the database in messages (its URL without secrets)
     */
    Committer(ConnectionPool pool, String where, int retainedMax, int offlineMax, StoreListener listener) {
        this.pool = pool;
        this.listener = listener;
        this.where = where;
        this.retainedMax = retainedMax;
        this.offlineMax = offlineMax;
        this.thread = Thread.ofPlatform().name("herald-jdbc-committer").daemon(true).unstarted(this::run);
    }

    /** Reads the committer's state from the database and starts the thread. */
    void start(Connection connection) throws SQLException {
        state.loadIfStale(connection);
        thread.start();
    }

    /**
     * Runs a write in the next transaction and waits for its commit.
     *
     * @param weight how much the write adds to a transaction (its publications; 1 for others)
     * @throws StoreException when the transaction failed; then the write changed nothing
     */
    <T> T run(Write<T> write, int weight) {
        Pending<T> pending = new Pending<>(write, weight);
        if (closing) {
            throw closed();
        }
        queue.add(pending);
        if (closing && queue.remove(pending)) {
            throw closed();
        }
        return pending.await();
    }

    /** Messages dropped from full offline queues since the store opened. */
    long dropped() {
        return dropped.get();
    }

    /** Writes waiting for a transaction (not counting those of the transaction running now). */
    int waiting() {
        return queue.size();
    }

    /** Transactions committed since the store opened. */
    long transactions() {
        return transactions.get();
    }

    /** Finishes the writes already waiting, then stops the thread. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(STOP);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Pending<?> left; (left = queue.poll()) != null; ) {
            left.fail(closed());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private StoreException closed() {
        return new StoreException("the JDBC store is closed");
    }

    private void run() {
        Pending<?> carried = null;
        boolean stop = false;
        while (!stop) {
            Pending<?> first = carried != null ? carried : take();
            carried = null;
            if (first == STOP) {
                break;
            }
            List<Pending<?>> group = new ArrayList<>();
            group.add(first);
            int weight = first.weight;
            while (weight < MAX_GROUP_WEIGHT) {
                Pending<?> next = queue.poll();
                if (next == null) {
                    break;
                }
                if (next == STOP) {
                    stop = true;
                    break;
                }
                if (weight + next.weight > MAX_GROUP_WEIGHT) {
                    carried = next;
                    break;
                }
                group.add(next);
                weight += next.weight;
            }
            try {
                runGroup(group);
            } catch (Throwable unexpected) {
                // keep the thread alive whatever happens; the callers learn of the failure
                state.markStale();
                LOG.log(WARNING, "unexpected failure while writing to the database at " + where, unexpected);
                StoreException error = new StoreException("unexpected failure while writing to the database at "
                        + where + ": " + Failures.describe(unexpected), unexpected);
                for (Pending<?> pending : group) {
                    pending.fail(error);
                }
            }
        }
    }

    private Pending<?> take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // only close() ends this thread, by queueing STOP
            }
        }
    }

    private void runGroup(List<Pending<?>> group) {
        Outcome outcome = commit(group);
        if (outcome.failure == null) {
            if (failing) {
                failing = false;
                LOG.log(INFO, "writing to the database at {0} works again", where);
            }
            return;
        }
        state.markStale();
        Throwable failure = outcome.failure;
        boolean unreachable = outcome.connectionLost || Failures.connectionLost(failure);
        if (group.size() > 1 && !unreachable && !outcome.commitStarted) {
            for (Pending<?> pending : group) {
                runGroup(List.of(pending));
            }
            return;
        }
        StoreException error = unreachable
                ? new StoreException("cannot reach the database at " + where + ": " + Failures.describe(failure), failure)
                : new StoreException("the database at " + where + " refused a write: " + Failures.describe(failure), failure);
        if (!failing || !unreachable) {
            LOG.log(WARNING, error.getMessage());
        }
        failing = unreachable;
        for (Pending<?> pending : group) {
            pending.fail(error);
        }
    }

    private Outcome commit(List<Pending<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        boolean commitStarted = false;
        boolean broken = false;
        long droppedHere;
        try (Connection connection = pool.borrow()) {
            try (WriteTransaction transaction = new WriteTransaction(connection, state, retainedMax, offlineMax)) {
                connection.setAutoCommit(false);
                state.loadIfStale(connection);
                for (Pending<?> pending : group) {
                    results.add(pending.write.apply(transaction));
                }
                transaction.finish();
                droppedHere = transaction.dropped();
                commitStarted = true;
                long start = System.nanoTime();
                connection.commit();
                listener.committed(System.nanoTime() - start);
            } catch (SQLException | RuntimeException e) {
                broken = pool.dropIfBroken(connection);
                if (!broken) {
                    rollback(connection, e);
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            return new Outcome(e, commitStarted, broken);
        }
        transactions.incrementAndGet();
        dropped.addAndGet(droppedHere);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).succeed(results.get(i));
        }
        return new Outcome(null, true, false);
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * How a transaction ended.
     *
     * @param failure        why it failed, or null when it committed
     * @param commitStarted  whether the commit was sent (then the outcome of a failure is unknown)
     * @param connectionLost whether its connection broke
     */
    private record Outcome(Throwable failure, boolean commitStarted, boolean connectionLost) {
    }

    /** A write waiting for its transaction. */
    private static final class Pending<T> {

        final Write<T> write;
        final int weight;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Pending(Write<T> write, int weight) {
            this.write = write;
            this.weight = weight;
        }

        @SuppressWarnings("unchecked")
        void succeed(Object value) {
            result.complete((T) value);
        }

        void fail(StoreException error) {
            result.completeExceptionally(error);
        }

        /** Waits for the outcome; an interrupt is kept for later, since the write cannot be undone. */
        T await() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return result.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        StoreException cause = (StoreException) e.getCause();
                        // a fresh exception, so the caller's stack shows where it called from
                        throw new StoreException(cause.getMessage(), cause);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
