package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static dev.herald.broker.api.wire.ProtocolAssertions.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameReaderTest {

    private static final int DEFAULT_MAX = 65_536;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static FrameReader reader(String text, int maxFrame) {
        return new FrameReader(new ByteArrayInputStream(utf8(text)), maxFrame);
    }

    private static FrameReader reader(String text) {
        return reader(text, DEFAULT_MAX);
    }

    /** Bytes of {@code hex} (for example "c328") followed by the UTF-8 bytes of {@code text}. */
    private static byte[] bytes(String hex, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(utf8(text));
        return out.toByteArray();
    }

    // --- splitting ---

    @Test
    void tellsWhetherAWholeFrameIsBufferedWithoutReading() throws Exception {
        FrameReader frames = reader("PUB NEWS a\nPUB NEWS b\nPING");
        assertFalse(frames.hasFrame(), "nothing read yet");
        assertEquals("PUB NEWS a", frames.next());
        assertTrue(frames.hasFrame(), "the second frame came in the same read");
        assertEquals("PUB NEWS b", frames.next());
        assertFalse(frames.hasFrame(), "PING has no LF yet");
        assertNull(frames.next());
    }

    @Test
    void splitsTheStreamOnLf() throws Exception {
        FrameReader frames = reader("CONN a\nSUB NEWS\nPING\n");
        assertEquals("CONN a", frames.next());
        assertEquals("SUB NEWS", frames.next());
        assertEquals("PING", frames.next());
        assertNull(frames.next());
    }

    @Test
    void readsAnEmptyLineAsAnEmptyFrame() throws Exception {
        FrameReader frames = reader("\n\r\nPING\n");
        assertEquals("", frames.next());
        assertEquals("", frames.next());
        assertEquals("PING", frames.next());
    }

    @Test
    void ignoresOneCrRightBeforeTheLf() throws Exception {
        FrameReader frames = reader("PING\r\nSUB NEWS\r\nDISC\n");
        assertEquals("PING", frames.next());
        assertEquals("SUB NEWS", frames.next());
        assertEquals("DISC", frames.next());
    }

    @Test
    void keepsACrAnywhereElse() throws Exception {
        FrameReader frames = reader("a\rb\n\rlead\ntwo\r\r\n\r\r\n");
        assertEquals("a\rb", frames.next());
        assertEquals("\rlead", frames.next());
        assertEquals("two\r", frames.next());
        assertEquals("\r", frames.next());
        assertNull(frames.next());
    }

    @Test
    void ignoresACrBeforeAnLfThatArrivesInTheNextRead() throws Exception {
        FrameReader frames = new FrameReader(new ChunkedInputStream(utf8("PING\r"), utf8("\nDISC\n")), DEFAULT_MAX);
        assertEquals("PING", frames.next());
        assertEquals("DISC", frames.next());
    }

    @Test
    void returnsManyFramesThatArriveInOneRead() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append("PUB NEWS ").append(i).append('\n');
        }
        byte[] all = utf8(text.toString());
        FrameReader frames = new FrameReader(new ChunkedInputStream(all), DEFAULT_MAX);
        assertEquals("PUB NEWS 0", frames.next());
        assertTrue(frames.buffered() > 0, "the following frames are already buffered");
        for (int i = 1; i < 2_000; i++) {
            assertEquals("PUB NEWS " + i, frames.next());
        }
        assertEquals(0, frames.buffered());
        assertNull(frames.next());
    }

    @Test
    void readsAFrameThatArrivesOneByteAtATime() throws Exception {
        FrameReader frames = new FrameReader(new OneByteAtATimeInputStream(utf8("PUB WEATHER It is sunny today\r\nPING\n")), DEFAULT_MAX);
        assertEquals("PUB WEATHER It is sunny today", frames.next());
        assertEquals("PING", frames.next());
        assertNull(frames.next());
    }

    // --- end of stream ---

    @Test
    void takesABurstInOneReadPerChunkEvenWhenChunksCutFramesInTwo() throws Exception {
        String frame = "PUB NEWS " + "x".repeat(90);
        byte[] all = utf8((frame + "\n").repeat(2_000));
        int chunkSize = 30_001; // every chunk ends inside a frame
        byte[][] chunks = new byte[(all.length + chunkSize - 1) / chunkSize][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = java.util.Arrays.copyOfRange(all, i * chunkSize, Math.min(all.length, (i + 1) * chunkSize));
        }
        ChunkedInputStream in = new ChunkedInputStream(chunks);
        FrameReader frames = new FrameReader(in, DEFAULT_MAX);
        for (int i = 0; i < 2_000; i++) {
            assertEquals(frame, frames.next());
        }
        assertNull(frames.next());
        assertTrue(in.reads() <= chunks.length + 1, in.reads() + " reads for " + chunks.length + " chunks");
    }

    @Test
    void holdsOnlyASmallBufferOnceABurstIsReadAndNothingWaits() throws Exception {
        String frame = "PUB NEWS " + "x".repeat(90);
        ChunkedInputStream in = new ChunkedInputStream(utf8((frame + "\n").repeat(1_000)));
        FrameReader frames = new FrameReader(in, DEFAULT_MAX);
        assertEquals(frame, frames.next());
        assertTrue(frames.capacity() >= 100_000 / 2, "a burst is read in large reads: " + frames.capacity());
        for (int i = 1; i < 1_000; i++) {
            assertEquals(frame, frames.next());
        }
        assertNull(frames.next());
        assertTrue(frames.capacity() <= 128, "waiting with a buffer of " + frames.capacity() + " bytes");
    }

    @Test
    void returnsNullAtTheEndOfAnEmptyStream() throws Exception {
        FrameReader frames = reader("");
        assertNull(frames.next());
        assertNull(frames.next());
    }

    @Test
    void dropsAnUnterminatedLastFrameAtTheEndOfTheStream() throws Exception {
        FrameReader frames = reader("PING\nPUB NEWS never finished");
        assertEquals("PING", frames.next());
        assertNull(frames.next());
        assertNull(frames.next());
    }

    // --- size limit ---

    @Test
    void acceptsAFrameOfExactlyTheLimitCountingTheLf() throws Exception {
        String content = "x".repeat(DEFAULT_MAX - 1);
        assertEquals(content, reader(content + "\n").next());
    }

    @Test
    void rejectsAFrameOneByteOverTheLimit() {
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, () -> reader("x".repeat(DEFAULT_MAX) + "\n").next());
    }

    @Test
    void countsTheCrAgainstTheLimit() throws Exception {
        assertEquals("x".repeat(DEFAULT_MAX - 2), reader("x".repeat(DEFAULT_MAX - 2) + "\r\n").next());
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, () -> reader("x".repeat(DEFAULT_MAX - 1) + "\r\n").next());
    }

    @Test
    void countsBytesNotCharacters() throws Exception {
        // "é" is two bytes in UTF-8: three of them and the LF are 7 bytes, four are 9.
        assertEquals("\u00e9\u00e9\u00e9", reader("\u00e9\u00e9\u00e9\n", 8).next());
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, () -> reader("\u00e9\u00e9\u00e9\u00e9\n", 8).next());
    }

    @Test
    void appliesTheLimitWhenTheFrameArrivesOneByteAtATime() throws Exception {
        int max = 300;
        FrameReader ok = new FrameReader(new OneByteAtATimeInputStream(utf8("y".repeat(max - 1) + "\n")), max);
        assertEquals("y".repeat(max - 1), ok.next());
        FrameReader tooLong = new FrameReader(new OneByteAtATimeInputStream(utf8("y".repeat(max) + "\n")), max);
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, tooLong::next);
    }

    @Test
    void appliesTheLimitWhenTheWholeOversizedFrameIsAlreadyBuffered() {
        // The 40-byte frame with its LF fits in the first read, so the LF is seen before the limit check.
        FrameReader frames = reader("z".repeat(39) + "\nPING\n", 16);
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, frames::next);
    }

    @Test
    void appliesTheLimitToEachFrameNotToTheStream() throws Exception {
        int max = 64;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("f".repeat(max - 1)).append('\n');
        }
        FrameReader frames = reader(text.toString(), max);
        for (int i = 0; i < 100; i++) {
            assertEquals("f".repeat(max - 1), frames.next());
        }
        assertNull(frames.next());
    }

    @Test
    void stopsReadingAnEndlessFrameSoonAfterTheLimit() {
        EndlessInputStream endless = new EndlessInputStream();
        FrameReader frames = new FrameReader(endless, DEFAULT_MAX);
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, frames::next);
        assertTrue(endless.bytesRead() <= DEFAULT_MAX + 8_192, "read " + endless.bytesRead() + " bytes");
    }

    @Test
    void stopsReadingAnEndlessFrameThatFollowsValidFrames() throws Exception {
        byte[] prefix = utf8("PING\n".repeat(100));
        EndlessInputStream endless = new EndlessInputStream(prefix);
        FrameReader frames = new FrameReader(endless, DEFAULT_MAX);
        for (int i = 0; i < 100; i++) {
            assertEquals("PING", frames.next());
        }
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, frames::next);
        assertTrue(endless.bytesRead() <= prefix.length + DEFAULT_MAX + 8_192, "read " + endless.bytesRead() + " bytes");
    }

    @Test
    void readsAFrameJustUnderTheLimitAfterABigOneAndSmallOnesInBetween() throws Exception {
        String big = "b".repeat(DEFAULT_MAX - 1);
        String almost = "a".repeat(DEFAULT_MAX - 2);
        String middle = "m".repeat(40_000);
        FrameReader frames = reader(big + "\nPING\n" + almost + "\r\n" + middle + "\nPUB NEWS x\n" + big + "\n");
        assertEquals(big, frames.next());
        assertEquals("PING", frames.next());
        assertEquals(almost, frames.next());
        assertEquals(middle, frames.next());
        assertEquals("PUB NEWS x", frames.next());
        assertEquals(big, frames.next());
        assertEquals(0, frames.buffered());
        assertNull(frames.next());
    }

    @Test
    void readsFramesJustUnderTheLimitThatArriveInSeparateReads() throws Exception {
        // Each read ends inside a frame, so the reader must move the partial frame to make room.
        String big = "b".repeat(DEFAULT_MAX - 1);
        FrameReader frames = new FrameReader(new ChunkedInputStream(
                utf8("PING\n" + big.substring(0, 1_000)),
                utf8(big.substring(1_000) + "\nPI"),
                utf8("NG\n" + big + "\n"),
                utf8("DISC\n")), DEFAULT_MAX);
        assertEquals("PING", frames.next());
        assertEquals(big, frames.next());
        assertEquals("PING", frames.next());
        assertEquals(big, frames.next());
        assertEquals("DISC", frames.next());
        assertNull(frames.next());
    }

    @Test
    void rejectsALimitBelowTwoBytes() {
        assertThrows(IllegalArgumentException.class, () -> new FrameReader(InputStream.nullInputStream(), 1));
    }

    @Test
    void acceptsTheSmallestLimit() throws Exception {
        FrameReader frames = reader("x\n\nxy\n", 2);
        assertEquals("x", frames.next());
        assertEquals("", frames.next());
        assertFailsWith(ErrorCode.FRAME_TOO_LARGE, frames::next);
    }

    // --- UTF-8 ---

    @Test
    void decodesMultiByteCharactersSplitAcrossReads() throws Exception {
        String text = "PUB NEWS m\u00e9t\u00e9o \u2603 \u65e5\u672c \uD83C\uDF1E";
        FrameReader frames = new FrameReader(new OneByteAtATimeInputStream(utf8(text + "\n" + text + "\r\n")), DEFAULT_MAX);
        assertEquals(text, frames.next());
        assertEquals(text, frames.next());
        assertNull(frames.next());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "c328",         // two-byte lead followed by an ASCII byte
            "ff",           // never valid in UTF-8
            "fe",           // never valid in UTF-8
            "e282",         // three-byte sequence cut short
            "f09f8c",       // four-byte sequence cut short
            "80",           // continuation byte without a lead
            "c0af",         // overlong encoding of '/'
            "eda080",       // UTF-16 surrogate encoded as UTF-8
            "f4908080"})    // above U+10FFFF
    void answersMalformedForInvalidUtf8AndReadsTheNextFrame(String hex) throws Exception {
        byte[] input = bytes("50554220 4e455753 20".replace(" ", "") + hex, "\nPING\n");
        FrameReader frames = new FrameReader(new ByteArrayInputStream(input), DEFAULT_MAX);
        assertFailsWith(ErrorCode.MALFORMED, frames::next);
        assertEquals("PING", frames.next());
        assertNull(frames.next());
    }

    @Test
    void keepsReadingAfterSeveralInvalidFramesInARow() throws Exception {
        byte[] input = bytes("ff0a c3280a e2820d0a".replace(" ", ""), "SUB NEWS\n");
        FrameReader frames = new FrameReader(new OneByteAtATimeInputStream(input), DEFAULT_MAX);
        assertFailsWith(ErrorCode.MALFORMED, frames::next);
        assertFailsWith(ErrorCode.MALFORMED, frames::next);
        assertFailsWith(ErrorCode.MALFORMED, frames::next);
        assertEquals("SUB NEWS", frames.next());
    }

    @Test
    void passesNulAndOtherControlCharactersThrough() throws Exception {
        assertEquals("a\u0000b\tc\u001b", reader("a\u0000b\tc\u001b\n").next());
    }

    // --- fakes ---

    /** Hands out its bytes one per read call, as a slow network might. */
    private static final class OneByteAtATimeInputStream extends InputStream {
        private final byte[] data;
        private int pos;

        OneByteAtATimeInputStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }

    /**
     * Hands out each chunk in as few reads as the caller's buffer allows, never mixing two
     * chunks in one read; like a socket, it reports the rest of the current chunk as available.
     */
    private static final class ChunkedInputStream extends InputStream {
        private final byte[][] chunks;
        private int chunk;
        private int pos;
        private int reads;

        ChunkedInputStream(byte[]... chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        int reads() {
            return reads;
        }

        @Override
        public int available() {
            return chunk < chunks.length ? chunks[chunk].length - pos : 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            while (chunk < chunks.length && pos == chunks[chunk].length) {
                chunk++;
                pos = 0;
            }
            if (chunk == chunks.length) {
                return -1;
            }
            int n = Math.min(len, chunks[chunk].length - pos);
            System.arraycopy(chunks[chunk], pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /**
     * An optional prefix, then 'a' bytes without any LF for as long as anyone reads (up to
     * several gigabytes), counting what was read.
     */
    private static final class EndlessInputStream extends InputStream {
        private static final long SUPPLY = 8L << 30;
        private final byte[] prefix;
        private long read;

        EndlessInputStream(byte[] prefix) {
            this.prefix = prefix;
        }

        EndlessInputStream() {
            this(new byte[0]);
        }

        long bytesRead() {
            return read;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= SUPPLY) {
                return -1;
            }
            int n = (int) Math.min(len, SUPPLY - read);
            for (int i = 0; i < n; i++) {
                long at = read + i;
                b[off + i] = at < prefix.length ? prefix[(int) at] : (byte) 'a';
            }
            read += n;
            return n;
        }
    }
}
