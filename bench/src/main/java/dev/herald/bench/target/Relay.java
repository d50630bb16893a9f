package dev.herald.bench.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference the benchmark measures Herald against: a bare relay that copies the bytes
 * a connection writes to every connection that has never written anything (the
 * subscribers), without parsing them and without answering anything. It only cuts what it
 * read at the last LF, so that the lines of concurrent writers do not interleave. It is
 * built like Herald's transport (a virtual thread per connection over blocking sockets), so
 * the difference between the two is what the broker does per message.
 */
public final class Relay implements AutoCloseable {

    private static final int SMALL_BUFFER = 512;
    private static final int LARGE_BUFFER = 64 * 1024;

    private final ServerSocket server;
    private final CopyOnWriteArrayList<Peer> listeners = new CopyOnWriteArrayList<>();
    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Relay(ServerSocket server) {
        this.server = server;
    }

    /** Binds {@code address} (port 0 picks a free one) and starts accepting. */
    public static Relay start(InetSocketAddress address) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        Relay relay = new Relay(server);
        Thread.ofPlatform().name("relay-accept").daemon(true).start(relay::acceptLoop);
        return relay;
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Open connections. */
    public int connections() {
        return peers.size();
    }

    /** Open connections that have not written anything yet: the ones that receive. */
    public int listeners() {
        return listeners.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            Peer peer;
            try {
                peer = new Peer(socket);
            } catch (IOException e) {
                close(socket);
                continue;
            }
            peers.add(peer);
            listeners.add(peer);
            Thread.ofVirtual().name("relay-connection").start(() -> serve(peer));
        }
    }

    private void serve(Peer peer) {
        byte[] buf = new byte[SMALL_BUFFER];
        int len = 0;
        boolean writer = false;
        try {
            InputStream in = peer.socket.getInputStream();
            while (true) {
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                if (!writer) {
                    writer = true;
                    listeners.remove(peer);
                    byte[] large = new byte[LARGE_BUFFER];
                    System.arraycopy(buf, 0, large, 0, len + n);
                    buf = large;
                }
                len += n;
                int end = lastLf(buf, len) + 1;
                if (end == 0) {
                    if (len < buf.length) {
                        continue;
                    }
                    end = len; // a line longer than the buffer: pass it on in pieces
                }
                forward(peer, buf, end);
                System.arraycopy(buf, end, buf, 0, len - end);
                len -= end;
            }
        } catch (IOException e) {
            // the connection is gone; drop it below
        } finally {
            drop(peer);
        }
    }

    private static int lastLf(byte[] buf, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void forward(Peer from, byte[] buf, int len) {
        for (Peer to : listeners) {
            if (to != from && !to.write(buf, len)) {
                drop(to);
            }
        }
    }

    private void drop(Peer peer) {
        listeners.remove(peer);
        if (peers.remove(peer)) {
            close(peer.socket);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // gone either way
        }
        for (Peer peer : peers) {
            drop(peer);
        }
    }

    /** One connection; writes to it are serialized so that forwarded chunks stay whole. */
    private static final class Peer {
        final Socket socket;
        final OutputStream out;
        final ReentrantLock lock = new ReentrantLock();

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        boolean write(byte[] buf, int len) {
            lock.lock();
            try {
                out.write(buf, 0, len);
                return true;
            } catch (IOException e) {
                return false;
            } finally {
                lock.unlock();
            }
        }
    }
}
