package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.Connection;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * A transport's connection seen through other streams: the same client, address and
 * certificate, and the same close, with streams that count the bytes ({@link BrokerStats})
 * or carry a protocol inside another one (WebSocket frames). A subclass may add to
 * {@link #close()}, as a WebSocket connection sends its close frame.
 */
public class FilterConnection implements Connection {

    private final Connection transport;
    private final InputStream in;
    private final OutputStream out;

    /** The transport's connection, read through {@code in} and written through {@code out}. */
    public FilterConnection(Connection transport, InputStream in, OutputStream out) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** The connection these streams are over. */
    protected final Connection transport() {
        return transport;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public String remoteHost() {
        return transport.remoteHost();
    }

    @Override
    public Optional<Principal> peerPrincipal() {
        return transport.peerPrincipal();
    }

    /** Closes the transport's connection. */
    @Override
    public void close() {
        transport.close();
    }
}
