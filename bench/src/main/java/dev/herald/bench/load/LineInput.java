package dev.herald.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A socket's incoming bytes in one large buffer: read line by line as text during
 * handshakes, and scanned in place by the fast loops afterwards (they use {@link #buf},
 * {@link #pos} and {@link #limit} directly). Not thread-safe.
 */
final class LineInput {

    final InputStream in;
    byte[] buf;
    /** The first byte not yet consumed. */
    int pos;
    /** The end of the bytes read. */
    int limit;

    LineInput(InputStream in, int capacity) {
        this.in = in;
        this.buf = new byte[capacity];
    }

    /**
     * The next line as text, without its LF.
     *
     * @throws EOFException when the stream ends first
     */
    String readLine() throws IOException {
        while (true) {
            int lf = Ascii.indexOf(buf, pos, limit, (byte) '\n');
            if (lf >= 0) {
                String line = new String(buf, pos, lf - pos, StandardCharsets.UTF_8);
                pos = lf + 1;
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (fill() < 0) {
                throw new EOFException("the connection was closed");
            }
        }
    }

    /** The line from {@code from} to just before {@code end} (an index after an LF), as text. */
    String text(int from, int end) {
        return text(buf, from, end);
    }

    /** The line of {@code b} from {@code from} to just before {@code end} (an index after an LF), as text. */
    static String text(byte[] b, int from, int end) {
        int to = end > from && b[end - 1] == '\n' ? end - 1 : end;
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * Moves the unconsumed bytes to the front (growing the buffer when it is full of one
     * line) and reads more.
     *
     * @return bytes read, or -1 at the end of the stream
     */
    int fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n;
    }
}
