package dev.herald.broker.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A fake broker on a free loopback port that a test drives line by line: it reads what the
 * client sent, answers whatever the test scripts (valid or not), and can drop the connection
 * at any moment.
 */
public final class ScriptedServer implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(5);

    private final ServerSocket socket;
    private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();

    public ScriptedServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("scripted-server").start(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The next connection a client opened, waiting for it up to {@link #WAIT}. */
    public Peer nextPeer() throws InterruptedException {
        Peer peer = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(peer, "no client connected within " + WAIT);
        return peer;
    }

    /** A client already connected and answered {@code CONN_ACK NEW 0}. */
    public Peer nextSession(String clientId) throws Exception {
        Peer peer = nextPeer();
        peer.expect("CONN " + clientId);
        peer.send("CONN_ACK NEW 0");
        return peer;
    }

    private void acceptLoop() {
        try {
            while (true) {
                Peer peer = new Peer(socket.accept());
                peers.add(peer);
                accepted.add(peer);
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Peer peer : peers) {
            peer.close();
        }
    }

    /** One client connection, as the server sees it. */
    public static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) WAIT.toMillis());
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        /** The next line the client sent; fails after {@link #WAIT}. */
        public String read() throws IOException {
            try {
                String line = in.readLine();
                assertNotNull(line, "the client closed the connection");
                return line;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the client sent nothing within " + WAIT, e);
            }
        }

        /** Reads the next line and checks it. */
        public void expect(String line) throws IOException {
            assertEquals(line, read());
        }

        /** Whether the client closed its side (reads to the end, up to {@link #WAIT}). */
        public boolean closedByClient() throws IOException {
            try {
                return in.readLine() == null;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        /** Sends lines, each ended by LF, in one write. */
        public void send(String... lines) throws IOException {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append('\n');
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
