package dev.herald.broker.api.spi;

import javax.net.ssl.SSLContext;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the server tells a transport when it creates it.
 *
 * @param host     the address to bind ({@code 0.0.0.0} for every interface)
 * @param port     the port to bind; {@code 0} picks a free one
 * @param tls      the TLS context when the server is configured for TLS
 * @param acceptor receives each accepted connection; it returns at once (the server runs
 *                 the connection on a thread of its own) and takes ownership of it
 */
public record TransportContext(String host, int port, Optional<SSLContext> tls, Consumer<Connection> acceptor) {

    public TransportContext {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(acceptor, "acceptor");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }
}
