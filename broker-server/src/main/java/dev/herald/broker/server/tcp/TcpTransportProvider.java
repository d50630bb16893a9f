package dev.herald.broker.server.tcp;

import dev.herald.broker.api.spi.Transport;
import dev.herald.broker.api.spi.TransportContext;
import dev.herald.broker.api.spi.TransportProvider;

/** The native TCP/TLS transport, named {@code tcp}. */
public final class TcpTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Transport create(TransportContext context) {
        return new TcpTransport(context);
    }
}
