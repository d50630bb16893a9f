package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated frames through the wire codec: valid frames round-trip through format and parse,
 * mutated ones parse or are refused with a {@link ProtocolException} of a fitting code (never
 * another exception), and {@link FrameReader} splits any byte stream the same way wherever
 * its reads are cut. The counts are multiplied by the system property
 * {@code herald.fuzz.scale} (the {@code fuzz-long} profile); {@code herald.fuzz.seed}
 * replays another seed. Every failure names its seed and run.
 */
class WireFuzzTest {

    private static final long SEED = Long.getLong("herald.fuzz.seed", 0x48455241L);
    private static final int SCALE = Integer.getInteger("herald.fuzz.scale", 1);
    private static final int MAX_FRAME = 256;
    private static final Set<ErrorCode> CLIENT_FRAME_ERRORS =
            EnumSet.of(ErrorCode.MALFORMED, ErrorCode.UNKNOWN_ACTION, ErrorCode.INVALID_CLIENT_ID);

    @Test
    void validClientFramesRoundTripThroughFormatParseAndTheLineLayer() throws Exception {
        int runs = 20_000 * SCALE;
        WireGenerator gen = new WireGenerator(new Random(SEED));
        for (int run = 0; run < runs; run++) {
            Request request = gen.request();
            String frame = request.toFrame();
            String where = where(run, frame);
            assertTrue(frame.indexOf('\n') < 0, where);
            assertEquals(request, Verb.of(frame).parse(frame), where);
            String eol = gen.random().nextBoolean() ? "\n" : "\r\n";
            FrameReader reader = new FrameReader(new ByteArrayInputStream(WireGenerator.utf8(frame + eol)), Integer.MAX_VALUE);
            assertEquals(frame, reader.next(), where);
        }
    }

    @Test
    void validServerFramesRoundTripThroughFormatAndParse() throws Exception {
        int runs = 20_000 * SCALE;
        WireGenerator gen = new WireGenerator(new Random(SEED + 1));
        for (int run = 0; run < runs; run++) {
            ServerFrame frame = gen.serverFrame();
            String text = frame.toFrame();
            assertTrue(text.indexOf('\n') < 0 && !text.endsWith("\r"), where(run, text));
            assertEquals(frame, ServerFrame.parse(text), where(run, text));
        }
    }

    @Test
    void mutatedClientFramesParseOrAreRefusedWithAProtocolError() {
        parseOrRefuse(SEED + 2, 30_000 * SCALE, gen -> gen.mutate(gen.request().toFrame()),
                frame -> Verb.of(frame).parse(frame), Request::toFrame, CLIENT_FRAME_ERRORS);
    }

    @Test
    void mutatedServerFramesParseOrAreRefusedAsMalformed() {
        parseOrRefuse(SEED + 3, 15_000 * SCALE, gen -> gen.mutate(gen.serverFrame().toFrame()),
                ServerFrame::parse, ServerFrame::toFrame, EnumSet.of(ErrorCode.MALFORMED));
    }

    /** A parser of one side's frames. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String frame) throws ProtocolException;
    }

    /**
     * Parses generated frames: each parses, and then formats to a frame that parses to the same
     * value, or is refused with a ProtocolException of an allowed code; a good share of both.
     */
    private static <T> void parseOrRefuse(long seed, int runs, Function<WireGenerator, String> frames,
                                          Parser<T> parser, Function<T, String> format, Set<ErrorCode> allowed) {
        WireGenerator gen = new WireGenerator(new Random(seed));
        int parsed = 0;
        for (int run = 0; run < runs; run++) {
            String frame = frames.apply(gen);
            String where = where(run, frame);
            try {
                T value = parser.parse(frame);
                assertEquals(value, parser.parse(format.apply(value)), where);
                parsed++;
            } catch (ProtocolException e) {
                assertTrue(allowed.contains(e.code()), where + ": " + e.code());
            } catch (RuntimeException e) {
                throw new AssertionError(where, e);
            }
        }
        assertTrue(parsed > runs / 10 && parsed < runs * 9 / 10, "parsed " + parsed + " of " + runs);
    }

    /**
     * Streams of valid, mutated, oversized and unterminated frames: read in one piece, a byte
     * at a time, in random pieces, and cut once at every byte, the reader gives what a plain
     * model of the framing rules says, and never anything else.
     */
    @Test
    void frameReaderSplitsAStreamAsTheFramingRulesSayWhereverItIsCut() throws Exception {
        int streams = 3_000 * SCALE;
        WireGenerator gen = new WireGenerator(new Random(SEED + 4));
        int frames = 0;
        for (int run = 0; run < streams; run++) {
            byte[] stream = stream(gen);
            List<String> expected = model(stream);
            frames += expected.size();
            String where = "herald.fuzz.seed=" + SEED + ", stream " + run;
            assertEquals(expected, read(new ByteArrayInputStream(stream)), where);
            assertEquals(expected, read(pieces(stream, pos -> 1)), where + ", a byte at a time");
            Random random = gen.random();
            int most = 1 + random.nextInt(MAX_FRAME * 2);
            assertEquals(expected, read(pieces(stream, pos -> 1 + random.nextInt(most))), where + ", in pieces");
            if (run % 10 == 0 && stream.length <= 2 * MAX_FRAME) {
                for (int cut = 1; cut < stream.length; cut++) {
                    int at = cut;
                    assertEquals(expected, read(pieces(stream, pos -> pos < at ? at : stream.length)), where + ", cut at byte " + cut);
                }
            }
        }
        assertTrue(frames > streams * 5, "frames " + frames);
    }

    /** Where a failure happened: the seed to replay it with (-Dherald.fuzz.seed), the run and its frame. */
    private static String where(int run, String frame) {
        String shown = frame.length() > 200 ? frame.substring(0, 200) + "..." : frame;
        return "herald.fuzz.seed=" + SEED + ", run " + run + ": " + shown.replace("\r", "<CR>").replace("\n", "<LF>");
    }

    /** Frames joined by LF or CRLF: valid ones, mutated ones, sometimes one over the limit, maybe no last LF. */
    private static byte[] stream(WireGenerator gen) {
        Random random = gen.random();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = random.nextInt(16); n > 0; n--) {
            byte[] frame = WireGenerator.utf8(gen.request().toFrame());
            if (random.nextInt(3) == 0) {
                frame = gen.mutate(frame);
            }
            if (random.nextInt(40) == 0) {
                frame = new byte[MAX_FRAME - 2 + random.nextInt(4)];
                random.nextBytes(frame);
            }
            out.writeBytes(frame);
            out.writeBytes(random.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
        }
        if (random.nextInt(4) == 0) {
            out.writeBytes(WireGenerator.utf8(gen.request().toFrame()));
        }
        return out.toByteArray();
    }

    /**
     * The framing rules, plainly: a frame ends at LF; one CR before it is dropped; a frame
     * of more than the limit, LF counted, or an unterminated rest of the limit or more, is
     * FRAME_TOO_LARGE and ends the stream; invalid UTF-8 is MALFORMED; a shorter
     * unterminated rest is dropped.
     */
    private static List<String> model(byte[] stream) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < stream.length) {
            int lf = start;
            while (lf < stream.length && stream[lf] != '\n') {
                lf++;
            }
            if (lf == stream.length) {
                if (lf - start >= MAX_FRAME) {
                    out.add("ERR " + ErrorCode.FRAME_TOO_LARGE);
                }
                return out;
            }
            if (lf - start + 1 > MAX_FRAME) {
                out.add("ERR " + ErrorCode.FRAME_TOO_LARGE);
                return out;
            }
            int end = lf > start && stream[lf - 1] == '\r' ? lf - 1 : lf;
            try {
                out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(stream, start, end - start)).toString());
            } catch (CharacterCodingException e) {
                out.add("ERR " + ErrorCode.MALFORMED);
            }
            start = lf + 1;
        }
        return out;
    }

    /** What a reader gives, frames and errors, until the end of the stream or a closing error. */
    private static List<String> read(InputStream in) throws IOException {
        FrameReader reader = new FrameReader(in, MAX_FRAME);
        List<String> out = new ArrayList<>();
        while (true) {
            try {
                String frame = reader.next();
                if (frame == null) {
                    return out;
                }
                out.add(frame);
            } catch (ProtocolException e) {
                out.add("ERR " + e.code());
                if (e.code() == ErrorCode.FRAME_TOO_LARGE) {
                    return out;
                }
            }
        }
    }

    /** The stream in pieces of the sizes given, each handed out by reads of its own, as a socket might. */
    private static InputStream pieces(byte[] stream, IntUnaryOperator sizeAt) {
        List<InputStream> pieces = new ArrayList<>();
        for (int pos = 0; pos < stream.length; ) {
            int size = Math.min(stream.length - pos, Math.max(1, sizeAt.applyAsInt(pos)));
            pieces.add(new ByteArrayInputStream(stream, pos, size));
            pos += size;
        }
        return new SequenceInputStream(Collections.enumeration(pieces));
    }
}
