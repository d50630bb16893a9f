package dev.herald.broker.client.internal;

import dev.herald.broker.client.ConnectionListener;
import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.MessageListener;
import dev.herald.broker.model.Message;

import java.util.Objects;
import java.util.function.Consumer;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * Calls a client's application code: each message goes to the listener of its topic (see
 * {@link Subscriptions#route}), each connection event to the connection listener. All calls
 * run on the client's {@link Dispatcher}, one at a time in the order they were handed in, so
 * a listener sees messages and events in the order the client met them.
 */
public final class Callbacks {

    private static final System.Logger LOG = System.getLogger(Callbacks.class.getName());

    private final HeraldClient client;
    private final ConnectionListener listener;
    private final Subscriptions subscriptions;
    private volatile Dispatcher dispatcher;

    /**
     * @param client        the client the connection listener is told about
     * @param listener      the connection listener, or null
     * @param subscriptions whose listeners receive the messages
     */
    public Callbacks(HeraldClient client, ConnectionListener listener, Subscriptions subscriptions) {
        this.client = Objects.requireNonNull(client, "client");
        this.listener = listener;
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
    }

    /**
     * The dispatcher, started on the first call under {@code name}: a client that never
     * connects starts no thread. Not to be called concurrently.
     */
    public Dispatcher start(String name) {
        if (dispatcher == null) {
            dispatcher = new Dispatcher(name);
        }
        return dispatcher;
    }

    /** The dispatcher, or null before {@link #start}. */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Hands {@code message} to its topic's listener, or drops it when there is none. */
    public void message(Message message) {
        MessageListener target = subscriptions.route(message.topic());
        if (target == null) {
            LOG.log(DEBUG, () -> "client " + client.clientId() + " has no listener for " + message.topic() + "; message " + message.id() + " dropped");
            return;
        }
        dispatcher.execute(() -> target.onMessage(message));
    }

    /** Tells the connection listener of {@code event}. */
    public void event(Event event) {
        tell(l -> l.connectionEvent(client, event));
    }

    /** Tells the connection listener that the connection was lost. */
    public void connectionLost(HeraldException cause) {
        tell(l -> l.connectionLost(client, cause));
    }

    /** Tells the connection listener that a reconnection attempt failed. */
    public void reconnectFailed(int attempt, HeraldException cause) {
        tell(l -> l.reconnectFailed(client, attempt, cause));
    }

    /** Runs what was handed in so far, then ends the dispatcher; later callbacks are dropped. */
    public void stop() {
        Dispatcher d = dispatcher;
        if (d != null) {
            d.stop();
        }
    }

    private void tell(Consumer<ConnectionListener> call) {
        Dispatcher d = dispatcher;
        if (listener != null && d != null) {
            d.execute(() -> call.accept(listener));
        }
    }
}
