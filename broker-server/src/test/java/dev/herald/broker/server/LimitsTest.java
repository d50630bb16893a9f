package dev.herald.broker.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection limit, slow consumers, and credentials on a server without users. */
class LimitsTest extends ServerFixture {

    @Test
    void refusesConnectionsOverTheLimitWithServerBusy() throws IOException {
        start(b -> b.maxConnections(3));
        List<LineClient> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(session("c" + i));
        }
        for (int i = 0; i < 200; i++) { // a flood: every one is refused, none gets through
            LineClient extra = connect();
            extra.expectError("SERVER_BUSY");
            extra.expectClosed();
        }
        held.getFirst().close();
        Await.until("a place frees up", () -> server.connectionCount() < 3);
        session("later").send("PING").expect("PONG");
    }

    @Test
    void aClientThatNeverReadsStallsNeitherPublishersNorOtherSubscribersAndLosesNothing() throws Exception {
        start(b -> b.outboundBuffer(512 * 1024));
        java.net.Socket small = new java.net.Socket();
        small.setReceiveBufferSize(4096);
        small.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
        LineClient stuck = new LineClient(small);
        stuck.send("CONN stuck").expect("CONN_ACK NEW 0");
        stuck.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient reader = session("reader");
        reader.send("SUB NEWS").expect("SUB_ACK NEWS 0");

        int total = 5000;
        String payload = "p".repeat(2000);
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        var readAll = Await.inBackground(() -> {
            for (int i = 1; i <= total; i++) {
                String line = reader.next();
                assertTrue(line.startsWith("MSG NEWS " + i + " "), line);
                read.set(i);
            }
            return null;
        });
        LineClient pub = session("pub");
        int window = 100;
        for (int i = 1; i <= total; i += window) {
            for (int j = i; j < i + window; j++) {
                pub.send("PUB NEWS " + j + " " + payload);
            }
            for (int j = i; j < i + window; j++) {
                pub.expect("PUB_ACK NEWS " + j);
            }
            // the reading subscriber keeps up (within a window, far below the bound) however the
            // machine schedules its thread; the stuck one does not read at all
            int published = i + window - 1;
            Await.until("the reading subscriber keeps up", () -> read.get() >= published - window || readAll.isDone());
        }
        readAll.get(30, java.util.concurrent.TimeUnit.SECONDS); // the reading subscriber got every message

        // Now the stuck client reads what reached its socket: messages, then the error and the close.
        List<Integer> got = new ArrayList<>();
        boolean sawError = false;
        for (String line : stuck.readUntilClosed()) {
            if (line.startsWith("MSG ")) {
                got.add(Integer.parseInt(line.split(" ")[4]));
            } else {
                assertTrue(line.startsWith("ERR SLOW_CONSUMER "), line);
                sawError = true;
            }
        }
        assertTrue(got.size() < total, "the stuck client was cut off");
        LineClient back = connect();
        back.send("RECON stuck");
        int queued = Integer.parseInt(back.expectPrefix("CONN_ACK RESUMED ").split(" ")[2]);
        for (String line : back.next(queued)) {
            got.add(Integer.parseInt(line.split(" ")[4]));
        }
        assertEquals(total, got.size(), "written plus queued is every message once (saw error: " + sawError + ")");
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, got.get(i));
        }
    }

    @Test
    void ignoresCredentialsWhenNoUsersAreConfigured() throws IOException {
        start();
        LineClient c = connect();
        c.send("CONN anyone any thing").expect("CONN_ACK NEW 0");
    }
}
