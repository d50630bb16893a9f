package dev.herald.broker.server.spi;

import dev.herald.broker.server.admin.BrokerAdmin;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The listener for operations (metrics, health, the admin API and the console), found with
 * {@link java.util.ServiceLoader} when {@code broker.http.port} is set; the module
 * {@code dev.herald.broker.http} provides it. The server uses the first one found: there is
 * one implementation.
 */
public interface OperationsListenerProvider {

    /** Makes a listener that will serve on {@code address}; allocates nothing yet. */
    OperationsListener create(InetSocketAddress address);

    /** A listener, made before the engine and started after it. */
    interface OperationsListener extends AutoCloseable {

        /** The registry whose meters it serves; the server reports to it, besides any registry of its own. */
        MeterRegistry meterRegistry();

        /** Binds the address and serves the broker. */
        void start(BrokerAdmin broker) throws IOException;

        /** The bound address: the real port when port 0 was asked for. */
        InetSocketAddress address();

        /** Stops serving. */
        @Override
        void close();
    }
}
