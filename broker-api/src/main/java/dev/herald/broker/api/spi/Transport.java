package dev.herald.broker.api.spi;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening endpoint that accepts client connections and hands them to the server.
 */
public interface Transport extends AutoCloseable {

    /** Binds and starts accepting, on a thread of its own; returns once bound. */
    void start() throws IOException;

    /** The bound address (with the real port when port 0 was asked for). */
    InetSocketAddress localAddress();

    /** Stops accepting. Connections already handed over are the server's to close. Idempotent. */
    @Override
    void close();
}
