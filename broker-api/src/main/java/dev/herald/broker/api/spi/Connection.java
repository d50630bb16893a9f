package dev.herald.broker.api.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import java.util.Optional;

/**
 * One accepted client connection, as a transport hands it to the server: a byte stream in
 * each direction. The server reads from one thread and writes from another; closing the
 * connection unblocks both.
 */
public interface Connection extends Closeable {

    /**
     * Bytes from the client. The server sizes its reads by {@link InputStream#available()}:
     * a stream that reports the bytes it could hand out without blocking (as a socket's
     * does) is read in large chunks while busy; one that always reports 0 still works, a
     * few hundred bytes at most per read.
     */
    InputStream input() throws IOException;

    /** Bytes to the client; the server writes large batches and flushes after each. */
    OutputStream output() throws IOException;

    /** The client's address, for logs. */
    String remoteAddress();

    /**
     * The client's host without its port (the IP address of a socket): the unit of the
     * server's per-address limits, such as login throttling. By default {@link #remoteAddress()}.
     */
    default String remoteHost() {
        return remoteAddress();
    }

    /**
     * The identity the client proved with a TLS client certificate (for X.509, its subject as a
     * {@link javax.security.auth.x500.X500Principal}), once the handshake is done; empty without one.
     */
    default Optional<Principal> peerPrincipal() {
        return Optional.empty();
    }

    /** Closes both directions. Idempotent. */
    @Override
    void close();
}
