package dev.herald.broker.server;

import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts servers on port 0 with a test clock and closes them and their clients after each test. */
abstract class ServerFixture {

    final MutableClock clock = new MutableClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    HeraldServer server;

    HeraldServer start() throws IOException {
        return start(b -> b);
    }

    HeraldServer start(UnaryOperator<HeraldServer.Builder> options) throws IOException {
        HeraldServer s = options.apply(HeraldServer.builder().port(0).host("127.0.0.1").clock(clock)).build().start();
        toClose.add(s);
        server = s;
        return s;
    }

    /** Closes {@code c} after the test. */
    <T extends AutoCloseable> T toClose(T c) {
        toClose.add(c);
        return c;
    }

    LineClient connect() throws IOException {
        LineClient c = LineClient.connect(server.port());
        toClose.add(c);
        return c;
    }

    /**
     * Connects with a receive buffer of a few KiB, so that what the server writes to it stays
     * mostly queued on the server's side until the client reads.
     */
    LineClient connectSlowReader() throws IOException {
        java.net.Socket socket = new java.net.Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
        return toClose(new LineClient(socket));
    }

    LineClient session(String clientId) throws IOException {
        LineClient c = LineClient.session(server.port(), clientId);
        toClose.add(c);
        return c;
    }

    /**
     * Publishes payloads "1" to "count" to a topic from a client of its own, pipelined, and
     * completes when every one is acknowledged with ids 1 to count.
     */
    java.util.concurrent.Future<Void> publishInBackground(String topic, int count) {
        return publishInBackground(topic, count, 0);
    }

    /** The same, each payload followed by a space and {@code padding} dots. */
    java.util.concurrent.Future<Void> publishInBackground(String topic, int count, int padding) {
        int port = server.port();
        String pad = padding == 0 ? "" : " " + ".".repeat(padding);
        return Await.inBackground(() -> {
            try (LineClient pub = LineClient.session(port, "background-publisher")) {
                for (int i = 1; i <= count; i++) {
                    pub.send("PUB " + topic + " " + i + pad);
                }
                for (int i = 1; i <= count; i++) {
                    pub.expect("PUB_ACK " + topic + " " + i);
                }
            }
            return null;
        });
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }
}
