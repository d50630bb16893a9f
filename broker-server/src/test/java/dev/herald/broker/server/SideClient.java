package dev.herald.broker.server;

import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.api.wire.FrameReader;
import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.testsupport.Await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A well-behaved client beside a test that mistreats the server: subscribed to every topic,
 * it reads all the time on a thread of its own, parses each line with the client-side codec,
 * keeps the payload of every message it gets, and answers {@link #ping()}. Anything it did not
 * expect (a line that does not parse, an {@code ERR}, a message twice, the end of the
 * connection) is kept in {@link #problems()}.
 */
final class SideClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final Map<Long, String> payloads = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger pongs = new AtomicInteger();
    private volatile boolean closing;

    private SideClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Connects as {@code clientId}, subscribes to {@code filter} and starts reading. */
    static SideClient start(int port, String clientId, String filter) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        SideClient side = new SideClient(socket);
        FrameReader reader = new FrameReader(socket.getInputStream(), Integer.MAX_VALUE);
        side.send("CONN " + clientId + "\nSUB " + filter + "\n");
        try {
            assertEquals(ServerFrame.ConnAck.NEW, ServerFrame.parse(reader.next()));
            assertEquals(new ServerFrame.SubAck(filter, 0), ServerFrame.parse(reader.next()));
        } catch (ProtocolException e) {
            socket.close();
            throw new AssertionError("the side client's session did not start", e);
        }
        Thread.ofVirtual().name("side-client-reader").start(() -> side.readAll(reader));
        return side;
    }

    /** Sends {@code PING} and waits, with a deadline, for its {@code PONG}. */
    synchronized void ping() throws IOException {
        int before = pongs.get();
        send("PING\n");
        Await.until("the side client's PONG (problems so far: " + problems + ")", () -> pongs.get() > before);
    }

    /** The payloads of the messages received so far, by message id. */
    Map<Long, String> payloads() {
        return payloads;
    }

    List<String> problems() {
        return problems;
    }

    private void send(String frames) throws IOException {
        out.write(frames.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void readAll(FrameReader reader) {
        try {
            for (String line = reader.next(); line != null; line = reader.next()) {
                switch (ServerFrame.parse(line)) {
                    case ServerFrame.Msg msg -> {
                        if (payloads.put(msg.message().id(), msg.message().payload()) != null) {
                            problems.add("message " + msg.message().id() + " delivered twice");
                        }
                    }
                    case ServerFrame.Pong pong -> pongs.incrementAndGet();
                    default -> problems.add("unexpected: " + line);
                }
            }
            if (!closing) {
                problems.add("the server closed the side client's connection");
            }
        } catch (ProtocolException | IOException e) {
            if (!closing) {
                problems.add("the side client's reader failed: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        socket.close();
    }
}
