package dev.herald.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the connections scenario, run as a process of its own so that the
 * measured server's JVM holds nothing but the server side: opens N connections, starts a
 * session on each (Herald), prints {@code READY <n>} and holds them until its stdin closes.
 */
public final class IdleClients {

    private IdleClients() {
    }

    /** Arguments: host port count herald|relay. */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: idle-clients <host> <port> <count> herald|relay");
            System.exit(2);
        }
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        boolean herald = args[3].equals("herald");
        List<Socket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = Sockets.open(address);
                sockets.add(socket);
                if (herald) {
                    socket.getOutputStream().write(("CONN bench-idle-" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (herald) {
                for (Socket socket : sockets) {
                    awaitLine(socket);
                }
            }
            System.out.println("READY " + sockets.size());
            System.out.flush();
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // hold the connections until the parent closes our stdin
            }
        } catch (IOException e) {
            System.out.println("FAILED after " + sockets.size() + " connections: " + e.getMessage());
            System.out.flush();
        } finally {
            for (Socket socket : sockets) {
                Sockets.closeQuietly(socket);
            }
        }
    }

    private static void awaitLine(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        if (!line.toString().startsWith("CONN_ACK")) {
            throw new IOException("CONN answered " + line);
        }
    }
}
