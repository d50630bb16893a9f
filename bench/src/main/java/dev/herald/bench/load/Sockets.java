package dev.herald.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Client sockets as the generator opens them. */
final class Sockets {

    /** How long one blocking read waits before the caller looks at its deadline again. */
    static final int READ_TIMEOUT_MS = 500;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private Sockets() {
    }

    static Socket open(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        return socket;
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the socket is unusable either way
        }
    }
}
