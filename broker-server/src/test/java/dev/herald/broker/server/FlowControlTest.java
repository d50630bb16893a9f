package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flow control at the server's default options: subscribers that read set the publishers'
 * pace and are never cut off; one that stops reading holds its publishers back only until
 * the slow-consumer timeout, and loses nothing.
 */
class FlowControlTest extends ServerFixture {

    /**
     * A publisher that pipelines its frames without waiting, while a thread of its own reads
     * the acks, as a fast client does.
     */
    static final class Pipeliner implements AutoCloseable {
        final LineClient client;
        final AtomicInteger acked = new AtomicInteger();
        final List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        private Future<Void> acks;
        private Future<Void> writes;

        Pipeliner(int port, String clientId) throws IOException {
            client = LineClient.session(port, clientId);
        }

        /** Sends {@code count} frames made by {@code frame} and reads their acks, both in the background. */
        Pipeliner start(int count, java.util.function.IntFunction<String> frame) {
            acks = Await.inBackground(() -> {
                for (int i = 0; i < count; i++) {
                    String line = client.expectPrefix("PUB_ACK ");
                    ids.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
                    acked.incrementAndGet();
                }
                return null;
            });
            writes = Await.inBackground(() -> {
                OutputStream out = client.socket().getOutputStream();
                byte[] buf = new byte[64 * 1024];
                int len = 0;
                for (int i = 0; i < count; i++) {
                    byte[] f = (frame.apply(i) + "\n").getBytes(StandardCharsets.UTF_8);
                    if (len + f.length > buf.length) {
                        out.write(buf, 0, len);
                        len = 0;
                    }
                    System.arraycopy(f, 0, buf, len, f.length);
                    len += f.length;
                }
                out.write(buf, 0, len);
                out.flush();
                return null;
            });
            return this;
        }

        /** Whether every frame was handed to the socket. */
        boolean written() {
            return writes.isDone();
        }

        void awaitDone() throws Exception {
            writes.get(60, TimeUnit.SECONDS);
            acks.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /** Reads MSG frames in the background, checking each with {@code check}, until {@code count}. */
    static Future<Void> readMessages(LineClient subscriber, int count, AtomicInteger got,
                                     java.util.function.BiConsumer<Integer, String[]> check) {
        return Await.inBackground(() -> {
            for (int i = 0; i < count; i++) {
                String line = subscriber.next();
                String[] parts = line.split(" ", 5);
                assertEquals("MSG", parts[0], line);
                check.accept(i, parts);
                got.incrementAndGet();
            }
            return null;
        });
    }

    /** A session subscribed to NEWS. */
    private LineClient subscriber(String clientId) throws IOException {
        LineClient c = session(clientId);
        c.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        return c;
    }

    private static String payload(int i, int size) {
        String n = Integer.toString(i);
        return n + " " + "x".repeat(Math.max(0, size - n.length() - 1));
    }

    @Test
    void onePublisherAtFullSpeedReachesAReadingSubscriberWithNothingLostOrCutOff() throws Exception {
        start();
        LineClient sub = subscriber("reader");
        int total = 200_000;
        AtomicInteger got = new AtomicInteger();
        Future<Void> reading = readMessages(sub, total, got,
                (i, parts) -> assertEquals(Integer.toString(i), parts[4].substring(0, parts[4].indexOf(' ')), "in order"));
        try (Pipeliner pub = new Pipeliner(server.port(), "fast").start(total, i -> "PUB NEWS " + payload(i, 100))) {
            pub.awaitDone();
            reading.get(60, TimeUnit.SECONDS);
            assertEquals(total, got.get());
            for (int i = 1; i < pub.ids.size(); i++) {
                assertTrue(pub.ids.get(i) > pub.ids.get(i - 1), "ids grow in publish order");
            }
        }
        sub.send("PING").expect("PONG"); // still connected: no SLOW_CONSUMER came before it
    }

    @Test
    void fiftyPublishersToOneSubscriberLoseNothingAndCutNobodyOff() throws Exception {
        start();
        LineClient sub = subscriber("fan-in");
        int publishers = 50;
        int each = 4_000;
        int[] lastSeen = new int[publishers];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicInteger got = new AtomicInteger();
        Future<Void> reading = readMessages(sub, publishers * each, got, (i, parts) -> {
            String[] words = parts[4].split(" ");
            int p = Integer.parseInt(words[0]);
            int n = Integer.parseInt(words[1]);
            assertEquals(lastSeen[p] + 1, n, "each publisher's messages in its order");
            lastSeen[p] = n;
        });
        List<Pipeliner> pubs = new ArrayList<>();
        try {
            for (int p = 0; p < publishers; p++) {
                int id = p;
                pubs.add(new Pipeliner(server.port(), "pub-" + p).start(each, i -> "PUB NEWS " + id + " " + i + " " + "y".repeat(80)));
            }
            for (Pipeliner pub : pubs) {
                pub.awaitDone();
            }
            reading.get(60, TimeUnit.SECONDS);
            assertEquals(publishers * each, got.get());
        } finally {
            for (Pipeliner pub : pubs) {
                pub.close();
            }
        }
        sub.send("PING").expect("PONG");
    }

    @Test
    void aSubscriberThatStopsReadingHoldsItsPublisherBackUntilTheTimeoutAndLosesNothing() throws Exception {
        start(ServerFixture::longTimes);
        LineClient stuck = stuckSubscriber();
        LineClient reader = session("reader");
        reader.send("SUB NEWS").expect("SUB_ACK NEWS 0");

        int total = 8_000; // 16 MB: far more than the stuck client's bound and socket buffers hold
        AtomicInteger read = new AtomicInteger();
        Future<Void> reading = readMessages(reader, total, read,
                (i, parts) -> assertEquals(Long.toString(i + 1), parts[2], "in order"));
        try (Pipeliner pub = new Pipeliner(server.port(), "pub").start(total, i -> "PUB NEWS " + payload(i, 2000))) {
            Await.until("the stuck subscriber holds the publisher back", () -> pub.acked.get() > 0);
            Await.holdsFor("the publisher waits, nobody is cut off, while the clock stands still", Duration.ofMillis(500),
                    () -> pub.acked.get() < total && read.get() < total);

            // The clock moves: once the stuck subscriber has been over its bound for the
            // slow-consumer timeout, it is cut off, and the publisher goes on at full speed.
            advanceUntil("the publisher is let through", () -> pub.acked.get() == total);
            pub.awaitDone();
            reading.get(60, TimeUnit.SECONDS);
            assertEquals(total, read.get(), "the reading subscriber got every message");
        }

        List<Integer> got = new ArrayList<>();
        boolean cutOff = false;
        for (String line : stuck.readUntilClosed()) {
            if (line.startsWith("MSG ")) {
                assertFalse(cutOff, "nothing after the error");
                got.add(Integer.parseInt(line.split(" ")[2]));
            } else {
                assertTrue(line.startsWith("ERR SLOW_CONSUMER "), line);
                cutOff = true;
            }
        }
        assertTrue(cutOff, "the stuck subscriber was told why it was cut off");
        assertTrue(got.size() < total);
        LineClient back = connect();
        back.send("RECON stuck");
        int queued = Integer.parseInt(back.expectPrefix("CONN_ACK RESUMED ").split(" ")[2]);
        for (String line : back.next(queued)) {
            got.add(Integer.parseInt(line.split(" ")[2]));
        }
        assertEquals(total, got.size(), "written plus queued is every message once");
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, got.get(i));
        }
    }

    @Test
    void idsFollowPublishOrderAcrossTopicsOnOneConnection() throws Exception {
        start();
        LineClient sub = session("both");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        sub.send("SUB WEATHER").expect("SUB_ACK WEATHER 0");
        sub.send("DISC").expect("DISC_ACK");
        int total = 2_000;
        try (Pipeliner pub = new Pipeliner(server.port(), "alternating")
                .start(total, i -> "PUB " + (i % 2 == 0 ? "NEWS" : "WEATHER") + " " + i)) {
            pub.awaitDone();
            for (int i = 1; i < total; i++) {
                assertTrue(pub.ids.get(i) > pub.ids.get(i - 1),
                        "publish " + i + " got id " + pub.ids.get(i) + " after " + pub.ids.get(i - 1));
            }
        }
        LineClient back = connect();
        back.send("RECON both").expect("CONN_ACK RESUMED " + total);
        for (int i = 0; i < total; i++) {
            String[] parts = back.next().split(" ", 5);
            assertEquals(Integer.toString(i), parts[4], "the offline queue in publish order");
        }
    }

    @Test
    void aZeroTimeoutCutsASlowConsumerOffAtOnce() throws Exception {
        start(b -> b.slowConsumerTimeout(Duration.ZERO));
        LineClient stuck = stuckSubscriber();
        int total = 8_000;
        try (Pipeliner pub = new Pipeliner(server.port(), "pub").start(total, i -> "PUB NEWS " + payload(i, 2000))) {
            pub.awaitDone(); // the clock never moves: the cut-off does not wait for it
        }
        List<String> lines = stuck.readUntilClosed();
        assertTrue(lines.getLast().startsWith("ERR SLOW_CONSUMER "), lines.getLast());
    }
}
