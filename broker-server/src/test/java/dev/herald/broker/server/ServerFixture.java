package dev.herald.broker.server;

import dev.herald.broker.server.internal.PasswordHash;
import dev.herald.testsupport.Await;
import dev.herald.testsupport.MutableClock;
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

    /**
     * Options for a test that moves the clock on by more than it needs: queued messages and
     * idle connections last an hour, so only the slow-consumer timeout strikes.
     */
    static HeraldServer.Builder longTimes(HeraldServer.Builder b) {
        return b.offlineTtl(java.time.Duration.ofHours(1)).idleTimeout(java.time.Duration.ofHours(1));
    }

    /**
     * Moves the clock on in steps of a second until {@code done} holds: time passes for the
     * server only, and as far as it takes (however long the machine needs to get there).
     */
    void advanceUntil(String what, java.util.function.BooleanSupplier done) {
        Await.until(what, () -> {
            if (done.getAsBoolean()) {
                return true;
            }
            clock.advance(java.time.Duration.ofSeconds(1));
            return false;
        });
    }

    /** Closes {@code c} after the test. */
    <T extends AutoCloseable> T toClose(T c) {
        toClose.add(c);
        return c;
    }

    /** A password hash for a users file, with few iterations so that tests log in fast. */
    static String hash(String password) {
        return PasswordHash.create(password.toCharArray(), 1_000).encoded();
    }

    /**
     * Expects {@code ERR BAD_CREDENTIALS} and the close, moving the clock on meanwhile: wrong
     * passwords after the first are answered late.
     */
    void expectRefused(LineClient c) throws IOException {
        Await.until("the answer to a wrong password", () -> {
            clock.advance(java.time.Duration.ofMillis(5)); // slow enough for the connect timeout not to strike first
            try {
                return c.hasInput();
            } catch (IOException e) {
                return true;
            }
        });
        c.expectError("BAD_CREDENTIALS");
        c.expectClosed();
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
     * A session {@code stuck} subscribed to NEWS with a small receive buffer, that the test
     * never reads until the end: its unwritten messages pile up at once.
     */
    LineClient stuckSubscriber() throws IOException {
        LineClient stuck = connectSlowReader();
        stuck.send("CONN stuck").expect("CONN_ACK NEW 0");
        stuck.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        return stuck;
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
