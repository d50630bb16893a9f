package dev.herald.broker.api.wire;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.ProtocolException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into LF-terminated UTF-8 frames, ignoring a CR right before the LF.
 * The frame limit counts every byte up to and including the LF and is enforced before more
 * is buffered, so a client cannot make the reader hold more than the limit. The buffer
 * starts small and shrinks back after a large frame, so an idle connection costs little.
 * Not thread-safe: one reader per stream.
 */
public final class FrameReader {

    private static final int INITIAL_CAPACITY = 256;
    private static final int SHRINK_ABOVE = 16 * 1024;

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
                String text = decode(frameStart, contentEnd - frameStart);
                compactIfIdle();
                return text;
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

    private boolean fill() throws IOException {
        if (end == buf.length) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else {
                int grown = (int) Math.min((long) buf.length * 2, (long) maxFrame + 1);
                buf = Arrays.copyOf(buf, Math.max(grown, buf.length + 1));
            }
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    private void compactIfIdle() {
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > SHRINK_ABOVE) {
                buf = new byte[INITIAL_CAPACITY];
            }
        }
    }

    private ProtocolException tooLarge() {
        return new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                "frame longer than " + maxFrame + " bytes");
    }
}
