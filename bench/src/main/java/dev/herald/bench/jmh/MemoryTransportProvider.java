package dev.herald.bench.jmh;

import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.api.spi.Transport;
import dev.herald.broker.api.spi.TransportContext;
import dev.herald.broker.api.spi.TransportProvider;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A transport without sockets, named {@code memory}, for measuring the broker's own work:
 * a client connects with {@link #connect(String)} and gets the client ends of two
 * {@link MemoryPipe}s, while the server gets the other ends as an accepted connection.
 * Transports are found by the host they were created for, so that a benchmark can reach
 * the one its server created.
 */
public final class MemoryTransportProvider implements TransportProvider {

    private static final int PIPE_BYTES = 4 * 1024 * 1024;
    private static final Map<String, MemoryTransport> BY_HOST = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Transport create(TransportContext context) {
        MemoryTransport transport = new MemoryTransport(context.host(), context.acceptor());
        BY_HOST.put(context.host(), transport);
        return transport;
    }

    /** A client connection to the server whose transport was created for {@code host}. */
    static ClientEnd connect(String host) {
        MemoryTransport transport = BY_HOST.get(host);
        if (transport == null) {
            throw new IllegalStateException("no memory transport for " + host);
        }
        MemoryPipe toServer = new MemoryPipe(PIPE_BYTES);
        MemoryPipe toClient = new MemoryPipe(PIPE_BYTES);
        transport.acceptor.accept(new Connection() {
            @Override
            public InputStream input() {
                return toServer.in;
            }

            @Override
            public OutputStream output() {
                return toClient.out;
            }

            @Override
            public String remoteAddress() {
                return "memory";
            }

            @Override
            public void close() {
                toServer.close();
                toClient.close();
            }
        });
        return new ClientEnd(toClient.in, toServer.out);
    }

    /** The client's side of a connection. */
    record ClientEnd(InputStream in, OutputStream out) {
    }

    private static final class MemoryTransport implements Transport {
        private final String host;
        private final Consumer<Connection> acceptor;

        MemoryTransport(String host, Consumer<Connection> acceptor) {
            this.host = host;
            this.acceptor = acceptor;
        }

        @Override
        public void start() {
            // nothing to bind
        }

        @Override
        public InetSocketAddress localAddress() {
            return InetSocketAddress.createUnresolved(host, 0);
        }

        @Override
        public void close() {
            BY_HOST.remove(host, this);
        }
    }
}
