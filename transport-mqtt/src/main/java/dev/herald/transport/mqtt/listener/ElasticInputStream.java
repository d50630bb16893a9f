package dev.herald.transport.mqtt.listener;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered stream whose buffer follows the traffic, as the line protocol's reader does:
 * while bytes wait in the socket it grows to take them in few reads (up to {@link #MAX}),
 * and when it is empty and nothing waits, so that the next read will block, it shrinks back
 * to {@link #MIN}. An idle connection holds a small buffer; a busy publisher reads its
 * packets in large reads.
 */
final class ElasticInputStream extends InputStream {

    static final int MIN = 128;
    static final int MAX = 64 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[MIN];
    private int pos;
    private int end;

    ElasticInputStream(InputStream in) {
        this.in = in;
    }

    /** Reads more into an empty buffer, sized for what waits; false at the end of the stream. */
    private boolean fill() throws IOException {
        int waiting = in.available();
        int capacity = waiting <= MIN ? MIN : Math.min(MAX, Integer.highestOneBit(waiting - 1) << 1);
        if (capacity > buf.length || (waiting == 0 && buf.length > MIN)) {
            buf = new byte[capacity];
        }
        pos = 0;
        end = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        end = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == end) {
            if (len >= buf.length && in.available() == 0) {
                return in.read(b, off, len); // a large body: straight into its array
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (end - pos) + in.available();
    }

    /** The size of the buffer held now, in bytes. */
    int capacity() {
        return buf.length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
