package dev.herald.broker.server.internal;

import dev.herald.broker.api.Message;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outgoing queue of one connection, without sockets. */
class OutboundTest {

    /** An output that blocks every write until released, like a socket whose peer does not read. */
    static final class GatedOutput extends OutputStream {
        final CountDownLatch gate = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (written) {
                written.write(b, off, len);
            }
            writes.incrementAndGet();
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static Message message(long id) {
        return new Message(id, "NEWS", 1L, "m" + id);
    }

    private static byte[] frame(long id) {
        return Frames.msg(message(id));
    }

    @Test
    void writesABurstOfFramesInFewWrites() throws Exception {
        GatedOutput out = new GatedOutput();
        CountDownLatch closed = new CountDownLatch(1);
        Outbound outbound = new Outbound(out, 1 << 20, () -> { }, closed::countDown);
        for (long id = 1; id <= 1000; id++) {
            outbound.message(message(id), frame(id));
        }
        outbound.lastFrame(Frames.DISC_ACK);
        out.gate.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "closed after the last frame");
        String text = out.text();
        assertTrue(text.startsWith("MSG NEWS 1 1 m1\n"));
        assertTrue(text.endsWith("MSG NEWS 1000 1 m1000\nDISC_ACK\n"));
        assertTrue(out.writes.get() <= 10, "1000 frames took " + out.writes.get() + " writes");
    }

    @Test
    void overflowsOnceOverTheBoundAndHandsBackEveryUnwrittenMessageInOrder() throws Exception {
        GatedOutput out = new GatedOutput();
        AtomicInteger overflows = new AtomicInteger();
        Outbound outbound = new Outbound(out, 4096, overflows::incrementAndGet, () -> { });
        for (long id = 1; id <= 2000; id++) {
            outbound.message(message(id), frame(id));
        }
        assertEquals(1, overflows.get());
        List<Message> undelivered = outbound.takeUndelivered();
        out.gate.countDown();
        // what the writer already took counts as delivered; the rest comes back, in order, without gaps
        long first = undelivered.getFirst().id();
        for (int i = 0; i < undelivered.size(); i++) {
            assertEquals(first + i, undelivered.get(i).id());
        }
        assertEquals(2000, undelivered.getLast().id());
    }

    @Test
    void keepsRepliesWhenMessagesAreTakenBack() throws Exception {
        GatedOutput out = new GatedOutput();
        CountDownLatch closed = new CountDownLatch(1);
        Outbound outbound = new Outbound(out, 1 << 20, () -> { }, closed::countDown);
        outbound.reply(Frames.PONG);
        outbound.message(message(1), frame(1));
        outbound.reply(Frames.PONG);
        List<Message> back = outbound.takeUndelivered();
        outbound.closeWhenFlushed();
        out.gate.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        String text = out.text();
        assertEquals(2, text.split("PONG\n", -1).length - 1, "both replies written: " + text);
        assertTrue(text.contains("MSG NEWS 1 ") != (back.size() == 1), "the message is written or handed back, not both");
    }

    @Test
    void doesNotCountRequestedReplaysAgainstTheBound() throws Exception {
        GatedOutput out = new GatedOutput();
        AtomicInteger overflows = new AtomicInteger();
        Outbound outbound = new Outbound(out, 2048, overflows::incrementAndGet, () -> { });
        List<Message> history = new java.util.ArrayList<>();
        List<byte[]> frames = new java.util.ArrayList<>();
        for (long id = 1; id <= 500; id++) {
            history.add(message(id));
            frames.add(frame(id));
        }
        outbound.replay(Frames.line("SUB_ACK NEWS 500"), history, frames);
        outbound.message(message(501), frame(501));
        assertEquals(0, overflows.get());
        out.gate.countDown();
    }
}
