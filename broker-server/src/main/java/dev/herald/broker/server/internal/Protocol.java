package dev.herald.broker.server.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * A protocol the engine serves on a listener: the line protocol, or one an adapter module
 * provides (MQTT). It reads a connection's frames or packets and turns them into calls of
 * the {@link Broker} through the connection's {@link Link}; its {@link Wire} turns what the
 * engine sends back into its frames.
 */
public interface Protocol {

    /** The wire of a new connection: one shared by all, or one per connection. */
    Wire newWire();

    /**
     * Serves a connection until it is done, on the connection's own thread; calls
     * {@link Link#ended()} last, whatever happens.
     */
    void serve(Link link, InputStream in) throws IOException;

    /**
     * What a connection the server refuses (its connection limit is reached) is told before
     * it is closed, or null for nothing.
     */
    byte[] refusal(String why);
}
