package dev.herald.broker.server.tcp;

import dev.herald.broker.api.spi.Transport;
import dev.herald.broker.api.spi.TransportContext;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The native transport: a TCP server socket, optionally TLS, accepting on a thread of its
 * own. Accepted sockets get TCP_NODELAY, since the server batches its own writes.
 */
final class TcpTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(TcpTransport.class.getName());
    private static final int BACKLOG = 1024;

    private final TransportContext context;
    private volatile ServerSocket serverSocket;
    private volatile boolean closed;

    TcpTransport(TransportContext context) {
        this.context = context;
    }

    @Override
    public void start() throws IOException {
        ServerSocketFactory factory = context.tls()
                .map(tls -> (ServerSocketFactory) tls.getServerSocketFactory())
                .orElseGet(ServerSocketFactory::getDefault);
        ServerSocket socket = factory.createServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(context.host()), context.port()), BACKLOG);
            if (socket instanceof SSLServerSocket ssl) {
                context.tlsParameters().ifPresent(ssl::setSSLParameters);
            }
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + context.host() + ":" + context.port() + ": " + e.getMessage(), e);
        }
        serverSocket = socket;
        Thread.ofPlatform().name("herald-accept-" + socket.getLocalPort()).daemon(true).start(this::acceptLoop);
    }

    private void acceptLoop() {
        ServerSocket server = serverSocket;
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.log(WARNING, "accepting stopped: " + e.getMessage());
                }
                return;
            } catch (IOException e) {
                LOG.log(WARNING, "accept failed: " + e.getMessage());
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
            } catch (SocketException e) {
                LOG.log(DEBUG, () -> "cannot set TCP_NODELAY: " + e.getMessage());
            }
            context.acceptor().accept(new SocketConnection(socket));
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        ServerSocket s = serverSocket;
        if (s == null) {
            throw new IllegalStateException("transport not started");
        }
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    @Override
    public void close() {
        closed = true;
        ServerSocket s = serverSocket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do: the socket is gone either way
            }
        }
    }
}
