package dev.herald.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One subscribing connection. Its receive loop scans the bytes in place
 * ({@link MessageScanner}), checks every message's publisher sequence
 * ({@link SequenceChecker}) and records its latency, building no String per message.
 */
final class Subscriber {

    private static final int READ_BUFFER = 256 * 1024;

    private final int index;
    private final RunSpec spec;
    private final InetSocketAddress address;
    private final String clientId;
    private final SequenceChecker checker;
    private final LatencyHistogram latency = new LatencyHistogram();
    private Socket socket;
    private OutputStream out;
    private LineInput input;
    private Thread thread;

    private volatile long received;
    private volatile long finishedNanos;
    private volatile String failure;

    private Subscriber(int index, RunSpec spec, InetSocketAddress address, String clientId) {
        this.index = index;
        this.spec = spec;
        this.address = address;
        this.clientId = clientId;
        this.checker = new SequenceChecker(spec.publishers());
    }

    /** A subscriber that is connected and, for Herald or MQTT, has a new session subscribed to the topic. */
    static Subscriber subscribe(InetSocketAddress address, int index, RunSpec spec, String clientId,
                                Deadline deadline) throws IOException {
        Subscriber s = new Subscriber(index, spec, address, clientId);
        s.open();
        try {
            if (spec.protocol() == Protocol.HERALD) {
                s.send("CONN " + clientId + "\nSUB " + spec.topic() + "\n");
                String ack = Handshake.readReply(s.input, deadline);
                if (!ack.startsWith("CONN_ACK ")) {
                    throw new IOException(clientId + ": CONN answered " + ack);
                }
                s.skipReplay("SUB_ACK ", deadline);
            } else if (spec.protocol().mqtt()) {
                int level = spec.protocol().mqttLevel();
                s.out.write(Mqtt.connect(clientId, level));
                s.out.write(Mqtt.subscribe(spec.topic(), level));
                s.out.flush();
                Mqtt.connack(s.input, deadline, level, clientId + ": CONNECT");
                Mqtt.suback(s.input, deadline, level, clientId + ": SUBSCRIBE");
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.closeSocket();
            throw e;
        }
    }

    private void open() throws IOException {
        socket = Sockets.open(address);
        out = socket.getOutputStream();
        input = new LineInput(socket.getInputStream(), READ_BUFFER);
    }

    private void send(String frames) throws IOException {
        out.write(frames.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads a reply announcing n messages and skips those n (the retained history of earlier runs). */
    private void skipReplay(String expected, Deadline deadline) throws IOException {
        String ack = Handshake.readReply(input, deadline);
        if (!ack.startsWith(expected)) {
            throw new IOException(clientId + ": expected " + expected.strip() + ", got " + ack);
        }
        int n = Handshake.trailingCount(ack);
        for (int i = 0; i < n; i++) {
            Handshake.readReply(input, deadline);
        }
    }

    /**
     * Takes the session offline with {@code DISC} (Herald) and closes the connection once
     * {@code DISC_ACK} is read.
     */
    void disconnect(Deadline deadline) throws IOException {
        send("DISC\n");
        while (true) {
            String line = Handshake.readReply(input, deadline);
            if (line.equals("DISC_ACK")) {
                break;
            }
            if (!line.startsWith("MSG ")) {
                throw new IOException(clientId + ": DISC answered " + line);
            }
        }
        closeSocket();
    }

    /**
     * Reconnects and resumes the session ({@code RECON}); the queued messages follow.
     *
     * @return how many queued messages the server announced
     */
    int resume(Deadline deadline) throws IOException {
        open();
        send("RECON " + clientId + "\n");
        String ack = Handshake.readReply(input, deadline);
        if (!ack.startsWith("CONN_ACK RESUMED ")) {
            throw new IOException(clientId + ": RECON answered " + ack);
        }
        return Handshake.trailingCount(ack);
    }

    /** Starts receiving {@code expected} messages on a thread of its own. */
    void start(long expected, Deadline deadline) {
        thread = Thread.ofPlatform().name("bench-subscriber-" + index).daemon(true)
                .start(() -> receive(expected, deadline));
    }

    private void receive(long expected, Deadline deadline) {
        boolean timed = spec.rate() > 0;
        MessageScanner scanner = new MessageScanner(spec.protocol(), spec.topic(), spec.payloadLength(), timed);
        SequenceChecker check = checker;
        LatencyHistogram hist = latency;
        long count = 0;
        try {
            while (count < expected) {
                int n;
                try {
                    n = input.fill();
                } catch (SocketTimeoutException e) {
                    if (deadline.passed()) {
                        fail("time limit reached after " + count + " of " + expected + " messages");
                        break;
                    }
                    continue;
                }
                if (n < 0) {
                    fail("the connection was closed after " + count + " of " + expected + " messages");
                    break;
                }
                long now = System.nanoTime();
                byte[] b = input.buf;
                int pos = input.pos;
                int limit = input.limit;
                while (count < expected) {
                    int next = scanner.scan(b, pos, limit);
                    if (next < 0) {
                        break;
                    }
                    if (scanner.message) {
                        check.accept(scanner.publisher, scanner.sequence);
                        if (timed) {
                            hist.record(now - scanner.stamp);
                        }
                        count++;
                    } else if (scanner.unexpected(b, pos, next)) {
                        fail(clientId + " got " + scanner.describe(b, pos, next));
                    }
                    pos = next;
                }
                input.pos = pos;
                received = count;
                if (failure != null) {
                    break;
                }
            }
            finishedNanos = System.nanoTime();
        } catch (IOException e) {
            fail("reading failed after " + count + " messages: " + e.getMessage());
        }
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    /** Waits for the receive loop to end (it ends by itself at the deadline). */
    void await(Deadline deadline) throws InterruptedException {
        thread.join(deadline.remainingMillis() + 2L * Sockets.READ_TIMEOUT_MS);
        if (thread.isAlive()) {
            fail("did not finish before the time limit");
        }
    }

    long received() {
        return received;
    }

    long finishedNanos() {
        return finishedNanos;
    }

    String failure() {
        return failure;
    }

    SequenceChecker checker() {
        return checker;
    }

    LatencyHistogram latency() {
        return latency;
    }

    /**
     * Leaves cleanly: for Herald, drops the subscription and ends the session so that it
     * does not collect messages of later runs, waits briefly for {@code DISC_ACK}, then
     * closes the connection; for MQTT, sends {@code DISCONNECT} (the session is clean).
     */
    void leave() {
        if (thread != null && thread.isAlive()) {
            closeSocket(); // the receive loop still owns the input: just end it
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            if (spec.protocol() == Protocol.HERALD && socket != null && !socket.isClosed()) {
                send("UNSUB " + spec.topic() + "\nDISC\n");
                Deadline soon = Deadline.in(java.time.Duration.ofSeconds(2));
                while (!Handshake.readReply(input, soon).equals("DISC_ACK")) {
                    // skip UNSUB_ACK and any message still in flight
                }
            }
            if (spec.protocol().mqtt() && socket != null && !socket.isClosed()) {
                out.write(Mqtt.disconnect());
                out.flush();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        closeSocket();
    }

    private void closeSocket() {
        if (socket != null) {
            Sockets.closeQuietly(socket);
        }
    }
}
