package dev.herald.broker.client;

import dev.herald.broker.model.Message;

/**
 * Receives the messages of a topic: its retained history after a subscribe, the messages
 * queued while the session was offline after a resume, and live messages, each in the order
 * the server sent them.
 *
 * <p>Every listener of a client is called on that client's one dispatch thread, so a listener
 * sees messages one at a time and in order. A slow listener delays the others and the
 * completion of {@code subscribe}, {@code unsubscribe}, {@code resume} and {@code disconnect}
 * (which return once the messages received before their reply were delivered). A listener may
 * call the client, blocking methods included. An exception thrown by a listener is logged and
 * does not stop delivery.
 */
@FunctionalInterface
public interface MessageListener {

    /** Called once for each message, with its id, topic, publish time and payload. */
    void onMessage(Message message);
}
