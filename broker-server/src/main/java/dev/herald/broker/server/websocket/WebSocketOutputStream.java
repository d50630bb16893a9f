package dev.herald.broker.server.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the server writes, in WebSocket frames (RFC 6455 section 5): each write of the
 * carried protocol's bytes goes out as one unmasked binary frame [5.1], header and payload
 * in one write to the transport. The engine writes a batch of packets with one write, so a
 * batch is one frame. The control frames the reader answers with (pong, close) are written
 * under the same lock, between data frames and never inside one. Once a close frame is
 * sent, no data frame may follow [5.5.1]: a write fails.
 */
final class WebSocketOutputStream extends OutputStream {

    /** The longest frame header: two bytes and a 64-bit length; the server does not mask. */
    private static final int MAX_HEADER = 10;
    /** Frames up to this size are copied behind their header and written at once. */
    private static final int BUFFER_BYTES = 64 * 1024 + MAX_HEADER;
    /** Buffers kept between frames, shared by every connection; a full pool drops what is returned. */
    private static final ArrayBlockingQueue<byte[]> BUFFERS = new ArrayBlockingQueue<>(64);

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    /** Whether a close frame went out; under the lock. */
    private boolean closeSent;

    /** Frames written to {@code out}, the transport's stream. */
    WebSocketOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Writes the bytes as one binary frame; nothing for none. */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        lock.lock();
        try {
            if (closeSent) {
                throw new IOException("the WebSocket is closed: no data after its close frame");
            }
            frame(Rfc6455.BINARY, b, off, len);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() throws IOException {
        lock.lock();
        try {
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a control frame (a pong, a close) and flushes it; nothing once a close frame has
     * gone out, and a close frame is the last.
     *
     * @return whether it was sent
     */
    boolean control(int opcode, byte[] payload) throws IOException {
        lock.lock();
        try {
            return controlLocked(opcode, payload);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a close frame unless one went out or a data frame is being written (a client
     * that reads nothing would hold this caller up).
     */
    void closeIfIdle(int status) throws IOException {
        if (lock.tryLock()) {
            try {
                controlLocked(Rfc6455.CLOSE, Rfc6455.closePayload(status, ""));
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean controlLocked(int opcode, byte[] payload) throws IOException {
        if (closeSent) {
            return false;
        }
        closeSent = opcode == Rfc6455.CLOSE;
        frame(opcode, payload, 0, payload.length);
        out.flush();
        return true;
    }

    /** Writes one final, unmasked frame. Under the lock. */
    private void frame(int opcode, byte[] b, int off, int len) throws IOException {
        boolean copy = len <= BUFFER_BYTES - MAX_HEADER;
        byte[] buf = copy ? BUFFERS.poll() : new byte[MAX_HEADER];
        if (buf == null) {
            buf = new byte[BUFFER_BYTES];
        }
        try {
            int n = header(buf, opcode, len);
            if (copy) {
                System.arraycopy(b, off, buf, n, len);
                out.write(buf, 0, n + len);
            } else {
                out.write(buf, 0, n); // a frame this large: its header alone, then the payload from its array
                out.write(b, off, len);
            }
        } finally {
            if (copy) {
                BUFFERS.offer(buf);
            }
        }
    }

    /** Puts a frame's header at the start of {@code buf}: FIN, the opcode, no mask, the length. */
    static int header(byte[] buf, int opcode, long length) {
        buf[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            buf[1] = (byte) length;
            return 2;
        }
        if (length <= 0xFFFF) {
            buf[1] = 126;
            buf[2] = (byte) (length >> 8);
            buf[3] = (byte) length;
            return 4;
        }
        buf[1] = 127;
        for (int i = 0; i < 8; i++) {
            buf[2 + i] = (byte) (length >> (56 - 8 * i));
        }
        return 10;
    }
}
