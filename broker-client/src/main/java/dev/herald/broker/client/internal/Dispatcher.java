package dev.herald.broker.client.internal;

import java.util.concurrent.LinkedBlockingQueue;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Runs a client's user callbacks (message and connection listeners, and the completion of
 * requests whose reply must come after the messages read before it) one at a time, in the
 * order they were handed in, on one virtual thread. The reader thread hands work here, so a
 * slow or blocking listener never stops the client from reading replies.
 */
public final class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    private static final Runnable STOP = () -> {
    };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    public Dispatcher(String name) {
        thread = Thread.ofVirtual().name(name).start(this::run);
    }

    /** Runs {@code task} after everything handed in before it. Dropped once stopped. */
    public void execute(Runnable task) {
        if (stopped) {
            LOG.log(DEBUG, "dispatcher stopped; a callback was dropped");
            return;
        }
        queue.add(task);
    }

    /** Whether the calling thread is this dispatcher's. */
    public boolean isDispatchThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs what was handed in so far, then ends the thread. */
    public void stop() {
        stopped = true;
        queue.add(STOP);
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(WARNING, "a Herald listener failed: " + e, e);
            }
        }
    }
}
