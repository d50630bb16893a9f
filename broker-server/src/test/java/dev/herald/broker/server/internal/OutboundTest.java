package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.server.line.Frames;
import dev.herald.broker.server.line.LineWire;
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
        /** Counted down when the writer is blocked in its first write. */
        final CountDownLatch entered = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                entered.countDown();
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

    /** Offers one live message, as a topic's drainer does. */
    private static int live(Outbound outbound, long id) {
        return outbound.offer(List.of(message(id)), new byte[][] {frame(id)}, null, 0, 1);
    }

    private static byte[] frame(long id) {
        return Frames.msg(message(id));
    }

    @Test
    void writesABurstOfFramesInFewWrites() throws Exception {
        GatedOutput out = new GatedOutput();
        CountDownLatch closed = new CountDownLatch(1);
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 1 << 20, () -> 0L, () -> { }, closed::countDown);
        for (long id = 1; id <= 1000; id++) {
            live(outbound, id);
        }
        outbound.lastFrame(Frames.DISC_ACK);
        out.gate.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "closed after the last frame");
        String text = out.text();
        assertTrue(text.startsWith("MSG NEWS 1 1 m1\n"));
        assertTrue(text.endsWith("MSG NEWS 1000 1 m1000\nDISC_ACK\n"));
        assertTrue(out.writes.get() <= 10, "1000 frames took " + out.writes.get() + " writes");
    }

    private static List<Message> messages(long from, long to) {
        List<Message> list = new java.util.ArrayList<>();
        for (long id = from; id <= to; id++) {
            list.add(message(id));
        }
        return list;
    }

    private static byte[][] frames(List<Message> messages) {
        return messages.stream().map(Frames::msg).toArray(byte[][]::new);
    }

    @Test
    void takesMessagesOnlyWhileWithinTheBoundAndSaysWhereItStopped() throws InterruptedException {
        GatedOutput out = new GatedOutput();
        AtomicInteger overs = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000);
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 4096, clock::get, overs::incrementAndGet, () -> { });
        List<Message> batch = messages(1, 20_000);
        byte[][] frames = frames(batch);
        int first = outbound.offer(batch, frames, null, 0, batch.size());
        out.entered.await(); // the writer holds what it took, blocked: the rest waits in the outbound
        int next = outbound.offer(batch, frames, null, first, batch.size());
        assertTrue(next > first && next < 20_000, "stopped at " + next);
        int overCalls = overs.get();
        assertTrue(overCalls >= 1, "told that it went over");
        assertEquals(1_000, outbound.overBoundSince());
        clock.set(2_000);
        assertEquals(next, outbound.offer(batch, frames, null, next, batch.size()), "takes nothing more while over");
        assertEquals(overCalls, overs.get(), "told once per time it goes over");
        assertEquals(1_000, outbound.overBoundSince(), "over since the first time");

        out.gate.countDown(); // the client reads: the writer makes room and a waiting producer goes on
        outbound.awaitRoom();
        assertEquals(-1, outbound.overBoundSince());
        int more = outbound.offer(batch, frames, null, next, batch.size());
        assertTrue(more > next, "takes more once there is room");
    }

    @Test
    void handsBackEveryUnwrittenMessageInOrderAndKeepsWhatArrivesAfter() {
        GatedOutput out = new GatedOutput();
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 4096, () -> 0L, () -> { }, () -> { });
        List<Message> batch = messages(1, 2000);
        byte[][] frames = frames(batch);
        int next = outbound.offer(batch, frames, null, 0, batch.size());
        outbound.lastFrame(Frames.err(dev.herald.broker.model.ErrorCode.SLOW_CONSUMER, "closing"));
        assertEquals(2000, outbound.offer(batch, frames, null, next, batch.size()), "once closing, everything is taken: kept aside");
        outbound.awaitRoom(); // returns at once: nobody waits on an outbound that stopped accepting
        List<Message> undelivered = outbound.takeUndelivered(false);
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
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 1 << 20, () -> 0L, () -> { }, closed::countDown);
        outbound.reply(Frames.PONG);
        live(outbound, 1);
        outbound.reply(Frames.PONG);
        List<Message> back = outbound.takeUndelivered(false);
        outbound.closeWhenFlushed();
        out.gate.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        String text = out.text();
        assertEquals(2, text.split("PONG\n", -1).length - 1, "both replies written: " + text);
        assertTrue(text.contains("MSG NEWS 1 ") != (back.size() == 1), "the message is written or handed back, not both");
    }

    @Test
    void leavesAReplayBehindItsReplyWhenTakingBackOnlyLiveMessages() throws Exception {
        GatedOutput out = new GatedOutput();
        CountDownLatch closed = new CountDownLatch(1);
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 1 << 20, () -> 0L, () -> { }, closed::countDown);
        outbound.reply(Frames.PONG); // the writer takes it and blocks: everything after stays queued
        out.entered.await();
        outbound.hold();
        live(outbound, 4);
        outbound.release(n -> Frames.line("SUB_ACK NEWS " + n), messages(1, 3), Frames::msg);
        live(outbound, 5);
        assertEquals(List.of(message(4), message(5)), outbound.takeUndelivered(true));
        outbound.closeWhenFlushed();
        out.gate.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertEquals("PONG\nSUB_ACK NEWS 3\n" + new String(frame(1)) + new String(frame(2)) + new String(frame(3)), out.text());
    }

    @Test
    void takesBackAReplayWithTheLiveMessagesWhenTheConnectionIsGone() throws Exception {
        GatedOutput out = new GatedOutput();
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 1 << 20, () -> 0L, () -> { }, () -> { });
        outbound.reply(Frames.PONG);
        out.entered.await();
        outbound.hold();
        outbound.release(n -> Frames.line("CONN_ACK RESUMED " + n), messages(1, 3), Frames::msg);
        live(outbound, 4);
        assertEquals(messages(1, 4), outbound.takeUndelivered(false));
        out.gate.countDown();
    }

    @Test
    void doesNotCountRequestedReplaysAgainstTheBound() throws Exception {
        GatedOutput out = new GatedOutput();
        AtomicInteger overflows = new AtomicInteger();
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 2048, () -> 0L, overflows::incrementAndGet, () -> { });
        outbound.hold();
        outbound.release(n -> Frames.line("SUB_ACK NEWS " + n), messages(1, 500), Frames::msg);
        assertEquals(-1, outbound.overBoundSince());
        live(outbound, 501);
        assertEquals(0, overflows.get());
        out.gate.countDown();
    }

    @Test
    void putsAReplayInFrontOfWhatWasHeldBackAndLeavesOutWhatArrivedLive() throws Exception {
        GatedOutput out = new GatedOutput();
        CountDownLatch closed = new CountDownLatch(1);
        Outbound outbound = new Outbound(out, LineWire.INSTANCE, 1 << 20, () -> 0L, () -> { }, closed::countDown);
        outbound.hold();
        live(outbound, 3); // live, while the history is read
        live(outbound, 4);
        assertEquals(2, outbound.release(n -> Frames.line("SUB_ACK NEWS " + n), messages(1, 3), Frames::msg));
        outbound.closeWhenFlushed();
        out.gate.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertEquals("SUB_ACK NEWS 2\nMSG NEWS 1 1 m1\nMSG NEWS 2 1 m2\nMSG NEWS 3 1 m3\nMSG NEWS 4 1 m4\n", out.text());
    }
}
