package dev.herald.broker.server.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import static dev.herald.broker.server.websocket.Rfc6455.BINARY;
import static dev.herald.broker.server.websocket.Rfc6455.CLOSE;
import static dev.herald.broker.server.websocket.Rfc6455.CONTINUATION;
import static dev.herald.broker.server.websocket.Rfc6455.PING;
import static dev.herald.broker.server.websocket.Rfc6455.PONG;
import static dev.herald.broker.server.websocket.Rfc6455.PROTOCOL_ERROR;
import static dev.herald.broker.server.websocket.Rfc6455.TEXT;

/**
 * What a client sends, read out of its WebSocket frames (RFC 6455 section 5) as one byte
 * stream: the payloads of its binary frames and of their continuations, in order, so that
 * the carried protocol's packets may span frames and several may share one. Control frames
 * are handled where they come, also between the fragments of a message: a ping is answered
 * with a pong of the same payload [5.5.2], a close with a close, and then the stream ends
 * [5.5.1]. A client that breaks a rule gets a close frame with the status and the reason
 * (1002 for an unmasked frame [5.1], reserved bits [5.2], a reserved opcode, a bad control
 * frame or fragment; 1003 for a text frame, which the carried protocol cannot take; 1007 for
 * a close reason that is not UTF-8; 1009 for a frame over the bound) and the read throws a
 * {@link WebSocketException}.
 *
 * <p>Before the frames, it reads the handshake's request head ({@link #readHead}) from the
 * same buffer, so that a frame sent right behind the request is not lost. The buffer
 * follows the traffic: it grows while bytes wait in the transport and shrinks back when
 * the connection goes quiet.
 */
final class WebSocketInputStream extends InputStream {

    /** The request head was longer than the bound. */
    static final class HeadTooLarge extends IOException {
        HeadTooLarge(int max) {
            super("the request head is longer than " + max + " bytes");
        }
    }

    static final int MIN = 256;
    static final int MAX = 64 * 1024;
    /** The mask key that ends a client's frame header. */
    private static final int MASK_BYTES = 4;

    private final InputStream in;
    private final WebSocketOutputStream out;
    private final long maxPayload;
    private byte[] buf = new byte[MIN];
    private int pos;
    private int end;
    private final byte[] one = new byte[1];
    /** Payload bytes of the current data frame not read yet. */
    private long remaining;
    private final byte[] mask = new byte[MASK_BYTES];
    /** Where the next payload byte falls in the mask: its offset in the frame, modulo 4. */
    private int maskIndex;
    /** Whether a fragmented message is open: its frames so far had FIN 0. */
    private boolean inMessage;
    /** Whether the stream has ended: at a close frame, at the transport's end, or at a broken rule. */
    private boolean ended;
    /** The broken rule, thrown again by every later read. */
    private WebSocketException failure;

    /**
     * @param in         the transport's stream
     * @param out        where pongs and close frames go, between the data frames
     * @param maxPayload the largest data frame payload taken, in bytes
     */
    WebSocketInputStream(InputStream in, WebSocketOutputStream out, long maxPayload) {
        this.in = in;
        this.out = out;
        this.maxPayload = maxPayload;
    }

    // ---- the handshake ----

    /**
     * Reads an HTTP request head: the bytes up to the empty line that ends it (CRLF CRLF, or
     * LF LF from a lax client), as ISO-8859-1. What follows it stays buffered for the frames.
     *
     * @return the head, or null when the transport ended before it did
     * @throws HeadTooLarge when it runs past {@code max} bytes
     */
    String readHead(int max) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i < end; i++) {
                if (i - pos >= max) {
                    throw new HeadTooLarge(max);
                }
                if (buf[i] == '\n' && ((i - 1 >= pos && buf[i - 1] == '\n')
                        || (i - 2 >= pos && buf[i - 1] == '\r' && buf[i - 2] == '\n'))) {
                    String head = new String(buf, pos, i + 1 - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return head;
                }
            }
            scanned = end - pos;
            if (!readMore(1)) {
                return null;
            }
        }
    }

    // ---- the frames ----

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (remaining == 0) {
            if (!nextDataFrame()) {
                return -1;
            }
        }
        int want = (int) Math.min(len, remaining);
        int n;
        if (pos == end && want < MIN && !readMore(1)) {
            throw endedInsideAFrame();
        }
        if (pos < end) {
            n = Math.min(want, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
        } else {
            n = in.read(b, off, want); // nothing buffered: straight into the caller's array
            if (n < 0) {
                throw endedInsideAFrame();
            }
        }
        unmask(b, off, n);
        remaining -= n;
        return n;
    }

    /**
     * Payload bytes that can be read without blocking: of the current data frame, or of the
     * next one when its header is buffered already. Never more, so that a reader that drains
     * its work when nothing more has come does so before it blocks.
     */
    @Override
    public int available() throws IOException {
        if (ended) {
            return 0;
        }
        if (remaining > 0) {
            return (int) Math.min(remaining, (long) (end - pos) + in.available());
        }
        int buffered = end - pos;
        if (buffered < 2) {
            return 0;
        }
        int b0 = buf[pos] & 0xFF;
        int b1 = buf[pos + 1] & 0xFF;
        int opcode = b0 & 0x0F;
        int header = headerLength(b1);
        if ((opcode != BINARY && opcode != CONTINUATION) || buffered < header) {
            return 0;
        }
        return (int) Math.min(Math.max(0, payloadLength(b1)), buffered - header);
    }

    /**
     * Reads frames up to the payload of the next data frame, handling the control frames
     * before it.
     *
     * @return false when the stream has ended: a close frame came, or the transport ended between frames
     */
    private boolean nextDataFrame() throws IOException {
        if (failure != null) {
            throw failure;
        }
        while (!ended) {
            if (!ensure(2)) {
                if (end > pos) {
                    throw endedInsideAFrame();
                }
                ended = true; // the transport ended without a close frame: an abrupt end, as of a TCP connection
                return false;
            }
            int b0 = buf[pos] & 0xFF;
            int b1 = buf[pos + 1] & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean control = Rfc6455.control(opcode);
            if ((b0 & 0x70) != 0) {
                throw fail(PROTOCOL_ERROR, "reserved bits are set, and no extension was agreed");
            }
            if (opcode > PONG || (opcode > BINARY && !control)) {
                throw fail(PROTOCOL_ERROR, "opcode " + opcode + " is reserved");
            }
            if ((b1 & 0x80) == 0) {
                throw fail(PROTOCOL_ERROR, "a client's frames must be masked");
            }
            if (control && (!fin || (b1 & 0x7F) > Rfc6455.MAX_CONTROL_PAYLOAD)) {
                throw fail(PROTOCOL_ERROR, "a control frame must be final and carry at most 125 bytes");
            }
            int header = headerLength(b1);
            if (!ensure(header)) {
                throw endedInsideAFrame();
            }
            long length = payloadLength(b1);
            if (length < 0) {
                throw fail(PROTOCOL_ERROR, "a 64-bit payload length must have its high bit clear");
            }
            System.arraycopy(buf, pos + header - MASK_BYTES, mask, 0, MASK_BYTES);
            maskIndex = 0;
            pos += header;
            if (control) {
                controlFrame(opcode, (int) length);
                continue;
            }
            if (opcode == CONTINUATION ? !inMessage : inMessage) {
                throw fail(PROTOCOL_ERROR, opcode == CONTINUATION ? "a continuation frame with no message to continue"
                        : "a new message began before the last frame of the one before");
            }
            if (opcode == TEXT) {
                throw fail(Rfc6455.UNACCEPTABLE_DATA, "a text frame: the protocol travels in binary frames");
            }
            if (length > maxPayload) {
                throw fail(Rfc6455.TOO_BIG, "a frame of " + length + " bytes is over the limit of " + maxPayload);
            }
            inMessage = !fin;
            remaining = length;
            if (length > 0) {
                return true;
            }
        }
        return false;
    }

    /** Handles a ping, a pong or a close whose header has been read. */
    private void controlFrame(int opcode, int length) throws IOException {
        if (!ensure(length)) {
            throw endedInsideAFrame();
        }
        byte[] payload = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        unmask(payload, 0, length);
        if (opcode == PING) {
            out.control(PONG, payload);
        } else if (opcode == CLOSE) {
            if (length == 1) {
                throw fail(PROTOCOL_ERROR, "a close frame's payload is a status of two bytes, then a reason");
            }
            if (length >= 2) {
                int status = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                if (!Rfc6455.sendable(status)) {
                    throw fail(PROTOCOL_ERROR, "status " + status + " may not stand in a close frame");
                }
                if (!utf8(payload, 2, length - 2)) {
                    throw fail(Rfc6455.INVALID_PAYLOAD, "the reason of a close frame is not UTF-8");
                }
            }
            ended = true;
            out.control(CLOSE, Arrays.copyOf(payload, Math.min(length, 2))); // its status echoed [5.5.1]
        }
    }

    /** Sends a close frame for a broken rule and ends the stream; the exception is for the caller to throw. */
    private WebSocketException fail(int status, String reason) {
        failure = new WebSocketException(status, reason);
        ended = true;
        try {
            out.control(CLOSE, Rfc6455.closePayload(status, reason));
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static EOFException endedInsideAFrame() {
        return new EOFException("the connection ended inside a WebSocket frame");
    }

    /** A client's header length from its second byte: two bytes, the extended length, the mask key. */
    private static int headerLength(int b1) {
        int len7 = b1 & 0x7F;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + MASK_BYTES;
    }

    /** The payload length of the frame whose header starts at {@code pos}; negative for a 64-bit one with its high bit set. */
    private long payloadLength(int b1) {
        int len7 = b1 & 0x7F;
        if (len7 < 126) {
            return len7;
        }
        int bytes = len7 == 126 ? 2 : 8;
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (buf[pos + 2 + i] & 0xFF);
        }
        return length;
    }

    private void unmask(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] ^= mask[(maskIndex + i) & 3];
        }
        maskIndex = (maskIndex + n) & 3;
    }

    private static boolean utf8(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    // ---- the buffer ----

    /** Buffers at least {@code n} bytes; false when the transport ends first. */
    private boolean ensure(int n) throws IOException {
        while (end - pos < n) {
            if (!readMore(n - (end - pos))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads once from the transport behind the buffered bytes, with room for at least
     * {@code room} more, or for what waits there (up to {@link #MAX}); an empty buffer
     * shrinks back to {@link #MIN} when nothing waits.
     *
     * @return false at the end of the transport's stream
     */
    private boolean readMore(int room) throws IOException {
        int have = end - pos;
        int waiting = in.available();
        int size = have + Math.max(room, Math.min(MAX, waiting));
        if (size > buf.length || (have == 0 && waiting == 0 && size <= MIN && buf.length > MIN)) {
            byte[] resized = new byte[Math.max(MIN, Integer.highestOneBit(size - 1) << 1)];
            System.arraycopy(buf, pos, resized, 0, have);
            buf = resized;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, have);
        }
        pos = 0;
        end = have;
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
