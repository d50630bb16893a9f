package dev.herald.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * One publishing connection. A writer thread packs {@code PUB} frames into a large buffer
 * and writes it with one call; it does not wait for each {@code PUB_ACK}: a reader thread
 * counts acks, and the writer only pauses when a window of unacknowledged publishes is
 * full (so the publisher never makes itself a slow consumer of its own acks). Against an
 * MQTT broker the same holds with QoS 1 {@code PUBLISH} packets and their {@code PUBACK}s;
 * an MQTT 5.0 broker's Receive Maximum, when lower, bounds the window.
 * Against the relay there is no handshake and no ack: the reader just drains what the
 * relay sends.
 */
final class Publisher {

    private static final int WRITE_BUFFER = 64 * 1024;
    private static final long WAIT_SLICE_NANOS = 1_000_000;

    private final int index;
    private final RunSpec spec;
    private final long count;
    private final Socket socket;
    private final OutputStream out;
    private final LineInput input;
    private final String clientId;
    /** The most publishes the target takes unacknowledged: an MQTT 5.0 broker's Receive Maximum. */
    private int receiveMaximum = Mqtt.NO_RECEIVE_MAXIMUM;

    private volatile long written;
    private volatile long replies;
    private volatile long lastReplyNanos;
    private volatile long lastWriteNanos;
    private volatile boolean writerWaiting;
    private volatile boolean readerDone;
    private volatile String failure;
    private Thread writer;
    private Thread reader;

    private Publisher(int index, RunSpec spec, Socket socket, String clientId) throws IOException {
        this.index = index;
        this.spec = spec;
        this.count = spec.messagesOf(index);
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.input = new LineInput(socket.getInputStream(), 64 * 1024);
        this.clientId = clientId;
    }

    /** Connects and, for Herald, starts a session ({@code CONN}). */
    static Publisher connect(InetSocketAddress address, int index, RunSpec spec, String clientId,
                             Deadline deadline) throws IOException {
        Socket socket = Sockets.open(address);
        try {
            Publisher p = new Publisher(index, spec, socket, clientId);
            if (spec.protocol() == Protocol.HERALD) {
                p.out.write(("CONN " + clientId + "\n").getBytes(StandardCharsets.US_ASCII));
                p.out.flush();
                String reply = Handshake.readReply(p.input, deadline);
                if (!reply.startsWith("CONN_ACK ")) {
                    throw new IOException(clientId + ": CONN answered " + reply);
                }
            } else if (spec.protocol().mqtt()) {
                int level = spec.protocol().mqttLevel();
                p.out.write(Mqtt.connect(clientId, level));
                p.out.flush();
                p.receiveMaximum = Mqtt.connack(p.input, deadline, level, clientId + ": CONNECT");
            }
            return p;
        } catch (IOException | RuntimeException e) {
            Sockets.closeQuietly(socket);
            throw e;
        }
    }

    /** Starts writing (and counting acks); returns at once. */
    void start(long startNanos, Deadline deadline) {
        reader = Thread.ofPlatform().name("bench-acks-" + index).daemon(true)
                .start(() -> readReplies(deadline));
        writer = Thread.ofPlatform().name("bench-publisher-" + index).daemon(true)
                .start(() -> write(startNanos, deadline));
    }

    private void write(long startNanos, Deadline deadline) {
        boolean acked = spec.protocol().acknowledges();
        boolean mqtt = spec.protocol().mqtt();
        int level = spec.protocol().mqttLevel();
        byte[] prefix = mqtt ? Mqtt.topicField(spec.topic())
                : ("PUB " + spec.topic() + " ").getBytes(StandardCharsets.US_ASCII);
        int payloadMax = Math.max(spec.payloadLength(), Payload.MAX_HEADER);
        int frameMax = mqtt ? Mqtt.publishMax(prefix, payloadMax, level) : prefix.length + payloadMax + 1;
        byte[] buf = new byte[Math.max(WRITE_BUFFER, frameMax)];
        long period = spec.rate() == 0 ? 0 : Math.max(1, 1_000_000_000L * spec.publishers() / spec.rate());
        int window = window();
        int len = 0;
        long seq = 0;
        try {
            while (seq < count) {
                long now = System.nanoTime();
                if (now - deadline.nanos() >= 0) {
                    fail("time limit reached after writing " + seq + " of " + count + " messages");
                    break;
                }
                if (failure != null || (acked && readerDone)) {
                    break;
                }
                long allowed = count - seq;
                if (acked) {
                    allowed = Math.min(allowed, window - (seq - replies));
                }
                long due = 0;
                if (period > 0) {
                    due = startNanos + seq * period;
                    allowed = Math.min(allowed, (now - startNanos) / period + 1 - seq);
                }
                long fit = (buf.length - len) / frameMax;
                long n = Math.min(allowed, fit);
                if (n <= 0) {
                    if (len > 0) {
                        out.write(buf, 0, len);
                        len = 0;
                        written = seq;
                        lastWriteNanos = System.nanoTime();
                    } else if (allowed <= 0 && period > 0 && due - now > 0
                            && !(acked && seq - replies >= window)) {
                        LockSupport.parkNanos(due - now);
                    } else {
                        awaitReplies(seq, window);
                    }
                    continue;
                }
                for (long k = 0; k < n; k++) {
                    long stamp = period > 0 ? startNanos + seq * period : now;
                    if (mqtt) {
                        len = Mqtt.publishHead(buf, len, prefix, acked ? (int) (seq % 65_535) + 1 : 0,
                                Payload.length(index, seq, stamp, spec.payloadLength()), level);
                    } else {
                        System.arraycopy(prefix, 0, buf, len, prefix.length);
                        len += prefix.length;
                    }
                    len = Payload.write(buf, len, index, seq, stamp, spec.payloadLength());
                    if (!mqtt) {
                        buf[len++] = '\n';
                    }
                    seq++;
                }
            }
            if (len > 0) {
                out.write(buf, 0, len);
                written = seq;
                lastWriteNanos = System.nanoTime();
            }
            out.flush();
        } catch (IOException e) {
            fail("writing failed after " + seq + " messages: " + e.getMessage());
        }
    }

    /** Parks while the window is full; the reader unparks it when acks come in. */
    private void awaitReplies(long seq, int window) {
        writerWaiting = true;
        try {
            // Checked again after announcing the wait, so that an ack counted in between is not missed.
            if (spec.protocol().acknowledges() && seq - replies >= window && !readerDone) {
                LockSupport.parkNanos(WAIT_SLICE_NANOS);
            }
        } finally {
            writerWaiting = false;
        }
    }

    /** Counts acks (Herald, MQTT) or drains stray bytes (relay) until done, closed or out of time. */
    private void readReplies(Deadline deadline) {
        boolean acked = spec.protocol().acknowledges();
        long seen = 0;
        try {
            while (!acked || seen < count) {
                int n;
                try {
                    n = input.fill();
                } catch (SocketTimeoutException e) {
                    if (deadline.passed() || failure != null || (!acked && writer != null && !writer.isAlive())) {
                        break;
                    }
                    continue;
                }
                if (n < 0) {
                    if (acked) {
                        fail("the server closed the connection after " + seen + " of " + count + " acks");
                    }
                    break;
                }
                if (!acked) {
                    input.pos = input.limit;
                    continue;
                }
                seen += spec.protocol().mqtt() ? countMqttPubacks() : countHeraldPubAcks();
                replies = seen;
                lastReplyNanos = System.nanoTime();
                if (writerWaiting) {
                    LockSupport.unpark(writer);
                }
            }
        } catch (IOException e) {
            if (acked) {
                fail("reading acks failed after " + seen + ": " + e.getMessage());
            }
        } finally {
            readerDone = true;
            if (writer != null) {
                LockSupport.unpark(writer);
            }
        }
    }

    /** Consumes the whole {@code PUB_ACK} lines read; anything else fails the run. */
    private int countHeraldPubAcks() {
        byte[] b = input.buf;
        int pos = input.pos;
        int limit = input.limit;
        int lf;
        int acks = 0;
        while ((lf = Ascii.indexOf(b, pos, limit, (byte) '\n')) >= 0) {
            if (!(lf - pos > 8 && b[pos] == 'P' && b[pos + 3] == '_' && b[pos + 4] == 'A')) {
                fail(clientId + " got " + input.text(pos, lf + 1));
            }
            acks++;
            pos = lf + 1;
        }
        input.pos = pos;
        return acks;
    }

    /** Consumes the whole MQTT packets read, counting {@code PUBACK}s; anything else fails the run. */
    private int countMqttPubacks() throws IOException {
        byte[] b = input.buf;
        int pos = input.pos;
        int limit = input.limit;
        int[] length = new int[1];
        int acks = 0;
        while (limit - pos >= 2) {
            int body = Mqtt.body(b, pos, limit, length);
            if (body < 0 || body + length[0] > limit) {
                break;
            }
            if ((b[pos] & 0xF0) == Mqtt.PUBACK) {
                acks++;
            }
            String problem = Mqtt.pubackProblem(b, pos, body, length[0]);
            if (problem != null) {
                fail(clientId + " got " + problem);
            }
            pos = body + length[0];
        }
        input.pos = pos;
        return acks;
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    /** Waits until every message is written (and, for Herald, acknowledged) or the deadline passes. */
    void await(Deadline deadline) throws InterruptedException {
        boolean acked = spec.protocol().acknowledges();
        writer.join(deadline.remainingMillis());
        if (acked) {
            reader.join(deadline.remainingMillis());
        }
        if (writer.isAlive() || (acked && reader.isAlive())) {
            fail("did not finish before the time limit: " + written + " written, " + replies + " acked of " + count);
        }
    }

    /** The most publishes it keeps unacknowledged: the run's window, or a lower Receive Maximum. */
    int window() {
        return Math.min(spec.window(), receiveMaximum);
    }

    /** Messages written to the socket so far. */
    long written() {
        return written;
    }

    /** Messages acknowledged (Herald, MQTT) or written (relay): what subscribers must receive. */
    long delivered() {
        return spec.protocol().acknowledges() ? replies : written;
    }

    /** When the last ack arrived (Herald, MQTT) or the last bytes were written (relay). */
    long finishedNanos() {
        return spec.protocol().acknowledges() ? lastReplyNanos : lastWriteNanos;
    }

    long count() {
        return count;
    }

    String failure() {
        return failure;
    }

    /** Ends the session ({@code DISC} for Herald, {@code DISCONNECT} for MQTT) and closes the socket. */
    void close() {
        try {
            if (failure == null && !socket.isClosed() && spec.protocol() != Protocol.RELAY) {
                out.write(spec.protocol() == Protocol.HERALD ? "DISC\n".getBytes(StandardCharsets.US_ASCII)
                        : Mqtt.disconnect());
                out.flush();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        Sockets.closeQuietly(socket);
        if (reader != null) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
