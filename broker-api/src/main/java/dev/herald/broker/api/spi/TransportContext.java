package dev.herald.broker.api.spi;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
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
 * @param tlsParameters what the transport sets on its TLS server sockets or engines: the
 *                 protocol versions offered and whether client certificates are asked for
 */
public record TransportContext(String host, int port, Optional<SSLContext> tls, Consumer<Connection> acceptor,
                               Optional<SSLParameters> tlsParameters) {

    /** A context whose TLS, if any, keeps the parameters of its {@link SSLContext}. */
    public TransportContext(String host, int port, Optional<SSLContext> tls, Consumer<Connection> acceptor) {
        this(host, port, tls, acceptor, Optional.empty());
    }

    public TransportContext {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(acceptor, "acceptor");
        Objects.requireNonNull(tlsParameters, "tlsParameters");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }
}
