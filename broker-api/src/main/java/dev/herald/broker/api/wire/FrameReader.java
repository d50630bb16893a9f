package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.ProtocolException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into LF-terminated UTF-8 frames, ignoring a CR right before the LF.
 * The frame limit counts every byte up to and including the LF and is enforced before more
 * is buffered, so a client cannot make the reader hold more than the limit (or the read-ahead,
 * if that is larger).
 *
 * <p>The buffer follows the traffic. While bytes are waiting in the stream it grows to
 * {@value #READ_AHEAD} bytes, so a busy connection takes many frames per system call; when
 * the buffer is empty and nothing is waiting, it shrinks back to 128 bytes before
 * the reader blocks, so an idle connection costs little. Not thread-safe: one reader per
 * stream.
 */
public final class FrameReader {

    private static final int INITIAL_CAPACITY = 128;
    /** The most a busy connection reads at once, frames or not. */
    public static final int READ_AHEAD = 64 * 1024;

    private final InputStream in;
    private final int maxFrame;
    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int start;   // first byte of the current frame
    private int scanned; // bytes from start already known to hold no LF
    private int end;     // end of buffered data
    private CharsetDecoder decoder;

    /**
     * @param in       the stream to read
     * @param maxFrame the largest frame accepted, in bytes, LF included
     */
    public FrameReader(InputStream in, int maxFrame) {
        if (maxFrame < 2) {
            throw new IllegalArgumentException("maxFrame must be at least 2: " + maxFrame);
        }
        this.in = in;
        this.maxFrame = maxFrame;
    }

    /**
     * The next frame, without its LF (and CR), or {@code null} at the end of the stream
     * (an unterminated last frame is dropped).
     *
     * @throws ProtocolException {@code FRAME_TOO_LARGE} when a frame goes over the limit (the
     *                           stream is then unusable); {@code MALFORMED} for invalid UTF-8
     *                           (the frame is consumed, reading can go on)
     * @throws IOException       when reading fails
     */
    public String next() throws IOException, ProtocolException {
        while (true) {
            int lf = indexOfLf(start + scanned, end);
            if (lf >= 0) {
                int frameStart = start;
                start = lf + 1;
                scanned = 0;
                if (lf - frameStart + 1 > maxFrame) {
                    throw tooLarge();
                }
                int contentEnd = lf > frameStart && buf[lf - 1] == '\r' ? lf - 1 : lf;
                return decode(frameStart, contentEnd - frameStart);
            }
            scanned = end - start;
            if (scanned >= maxFrame) {
                throw tooLarge();
            }
            if (!fill()) {
                return null;
            }
        }
    }

    /**
     * Whether a whole frame is already buffered, so that {@link #next()} returns without
     * reading. A server uses it to act on a burst of frames at once before it blocks again.
     */
    public boolean hasFrame() {
        if (indexOfLf(start + scanned, end) >= 0) {
            return true;
        }
        scanned = end - start;
        return false;
    }

    /** Bytes read from the stream but not yet returned as frames. */
    public int buffered() {
        return end - start;
    }

    /** The size of the buffer now held, in bytes. */
    int capacity() {
        return buf.length;
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private String decode(int off, int len) throws ProtocolException {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, off, len, StandardCharsets.ISO_8859_1);
        }
        if (decoder == null) {
            decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buf, off, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "frame is not valid UTF-8");
        }
    }

    /**
     * Reads more, after moving the unfinished frame (all that is buffered, since no LF was
     * found) to the front of a buffer sized for what the stream holds.
     */
    private boolean fill() throws IOException {
        int pending = end - start;
        int capacity = buf.length;
        if (pending == 0 || capacity < READ_AHEAD) {
            capacity = capacityFor(pending, in.available());
        }
        if (pending == capacity) {
            // one frame fills the buffer: it needs more room, up to the limit
            capacity = (int) Math.min((long) capacity * 2, (long) maxFrame + 1);
        }
        if (capacity != buf.length) {
            byte[] resized = new byte[capacity];
            System.arraycopy(buf, start, resized, 0, pending);
            buf = resized;
        } else if (start > 0) {
            System.arraycopy(buf, start, buf, 0, pending);
        }
        start = 0;
        end = pending;
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    /**
     * The buffer size for {@code pending} buffered bytes when {@code waiting} more wait in
     * the stream: room for both, up to the read-ahead; or a small buffer when nothing is
     * buffered or waiting, since the next read will block.
     */
    private int capacityFor(int pending, int waiting) {
        if (waiting == 0) {
            return pending == 0 ? INITIAL_CAPACITY : buf.length;
        }
        long wanted = (long) pending + waiting;
        if (wanted <= buf.length) {
            return buf.length;
        }
        return Math.max(buf.length, (int) Math.min(READ_AHEAD, Long.highestOneBit(wanted - 1) << 1));
    }

    private ProtocolException tooLarge() {
        return new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                "frame longer than " + maxFrame + " bytes");
    }
}
