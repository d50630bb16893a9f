package dev.herald.broker.client.internal;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameWriterTest {

    /** A socket stand-in whose first write blocks until released, and which counts writes. */
    private static final class GatedStream extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (writes.incrementAndGet() == 1) {
                firstWriteStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            written.write(b, off, len);
        }

        synchronized String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] frame(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesQueuedWhileTheSocketIsBusyLeaveInOneWrite() throws Exception {
        GatedStream socket = new GatedStream();
        FrameWriter writer = new FrameWriter(socket, "test-writer", e -> { });
        assertTrue(writer.write(frame("PUB NEWS 0"), () -> true));
        assertTrue(socket.firstWriteStarted.await(5, TimeUnit.SECONDS));

        // the flusher is stuck in the first write, holding the lock; queue frames from another thread
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= 1000; i++) {
                    writer.write(frame("PUB NEWS " + i), () -> true);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        socket.release.countDown();
        producer.join(5_000);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i <= 1000; i++) {
            expected.append("PUB NEWS ").append(i).append('\n');
        }
        Await.until("all frames written", () -> socket.text().length() == expected.length());
        assertEquals(expected.toString(), socket.text());
        assertTrue(socket.writes.get() < 100, "1001 frames left in " + socket.writes.get() + " writes");
        writer.close();
    }

    @Test
    void admitRunsInFrameOrderAndCanRefuse() throws IOException {
        GatedStream socket = new GatedStream();
        socket.release.countDown();
        FrameWriter writer = new FrameWriter(socket, "test-writer", e -> { });
        List<String> admitted = new ArrayList<>();
        assertTrue(writer.write(frame("A"), () -> admitted.add("A")));
        assertFalse(writer.write(frame("B"), () -> false));
        writer.close();
        assertFalse(writer.write(frame("C"), () -> admitted.add("C")), "a closed writer refuses frames");
        assertEquals(List.of("A"), admitted);
    }
}
