import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.broker.api.spi.TransportProvider;

/**
 * The Herald broker: the engine (sessions, routing, retained history, offline queues,
 * limits), the native TCP/TLS transport, and {@link dev.herald.broker.server.HeraldServer},
 * an embeddable server with a builder and a {@code main} to run it alone.
 *
 * @uses StoreProvider the store, chosen by {@code broker.store}
 * @uses TransportProvider the transport, {@code tcp} by default
 * @uses dev.herald.broker.server.internal.ProtocolProvider the protocols of {@code broker.listeners} besides the line protocol (MQTT)
 * @uses dev.herald.broker.server.spi.OperationsListenerProvider the HTTP listener for operations, when {@code broker.http.port} is set
 * @provides TransportProvider the native TCP/TLS transport, named {@code tcp}
 */
module dev.herald.broker.server {
    requires transitive dev.herald.broker.api;
    requires java.logging;
    /* Optional: present only when the embedding program hands the server a meter registry. */
    requires static micrometer.core;

    exports dev.herald.broker.server;
    exports dev.herald.broker.server.admin;
    exports dev.herald.broker.server.spi;
    /* The engine's boundary, for the protocol modules that adapt their clients to it. */
    exports dev.herald.broker.server.internal to dev.herald.transport.mqtt;

    uses StoreProvider;
    uses TransportProvider;
    uses dev.herald.broker.server.spi.OperationsListenerProvider;
    uses dev.herald.broker.server.internal.ProtocolProvider;

    provides TransportProvider with dev.herald.broker.server.tcp.TcpTransportProvider;
}
