package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.Connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A connection made of two in-memory pipes instead of a socket, so the engine's protocol
 * handling can be driven and read back directly.
 */
final class PipeConnection implements Connection {

    private static final byte[] EOF = new byte[0];

    /** One direction: bytes written at one end are read at the other. */
    static final class Pipe {
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;
        private volatile boolean closed;

        void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("pipe closed");
            }
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            chunks.add(copy);
        }

        /** Reads up to len bytes, blocking; -1 at end. A timeout of 0 waits forever. */
        int read(byte[] b, int off, int len, long timeoutMs) throws IOException {
            while (pos == current.length) {
                if (current == EOF) {
                    return -1;
                }
                try {
                    byte[] next = timeoutMs > 0 ? chunks.poll(timeoutMs, TimeUnit.MILLISECONDS) : chunks.take();
                    if (next == null) {
                        throw new IOException("nothing to read within " + timeoutMs + " ms");
                    }
                    current = next;
                    pos = 0;
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        void close() {
            if (!closed) {
                closed = true;
                chunks.add(EOF);
            }
        }
    }

    final Pipe toServer = new Pipe();
    final Pipe toClient = new Pipe();
    private final byte[] one = new byte[1];

    @Override
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return toServer.read(b, off, len, 0);
            }
        };
    }

    @Override
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                toClient.write(b, off, len);
            }
        };
    }

    @Override
    public String remoteAddress() {
        return "pipe";
    }

    @Override
    public void close() {
        toServer.close();
        toClient.close();
    }

    // ---- the client's side ----

    void send(String frame) throws IOException {
        byte[] b = (frame + "\n").getBytes(StandardCharsets.UTF_8);
        toServer.write(b, 0, b.length);
    }

    /** The next line the server wrote, or null when it closed the connection. */
    String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int n = toClient.read(one, 0, 1, 10_000);
            if (n < 0) {
                if (line.size() > 0) {
                    fail("closed in the middle of a line");
                }
                return null;
            }
            if (one[0] == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(one[0]);
        }
    }

    /** Ends the client's side, as a client closing its socket. */
    void hangUp() {
        toServer.close();
    }
}
