package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.Connection;

import java.io.IOException;
import java.io.InputStream;

/**
 * A protocol the engine serves on a listener: the line protocol, or one an adapter module
 * provides (MQTT). It reads a connection's frames or packets and turns them into calls of
 * the {@link Broker} through the connection's {@link Link}; its {@link Wire} turns what the
 * engine sends back into its frames.
 */
public interface Protocol {

    /**
     * The connection as this protocol reads and writes it; by default the transport's, as
     * it is. A protocol carried inside another one (MQTT in WebSocket frames) does the outer
     * protocol's opening handshake here and returns a connection whose streams carry its own
     * bytes: the engine builds the connection's {@link Link} (its outbound writer) and calls
     * {@link #serve} on what this returns. Called on the connection's own thread, once it is
     * admitted, within {@code broker.connect-timeout}, before anything else is read or written.
     *
     * @return the connection to serve, or null when the handshake refused it (the client
     *         was told why); the engine then closes it
     * @throws IOException when the connection fails during the handshake; the engine closes it
     */
    default Connection open(Connection connection) throws IOException {
        return connection;
    }

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
