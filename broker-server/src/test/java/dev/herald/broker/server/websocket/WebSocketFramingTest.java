package dev.herald.broker.server.websocket;

import dev.herald.broker.server.websocket.ClientFrames.Frame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.herald.broker.server.websocket.Rfc6455.BINARY;
import static dev.herald.broker.server.websocket.Rfc6455.CLOSE;
import static dev.herald.broker.server.websocket.Rfc6455.CONTINUATION;
import static dev.herald.broker.server.websocket.Rfc6455.PING;
import static dev.herald.broker.server.websocket.Rfc6455.PONG;
import static dev.herald.broker.server.websocket.Rfc6455.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The framing of RFC 6455 section 5, both ways, against the rules of the RFC. */
class WebSocketFramingTest {

    private static final int MAX = 1 << 20;

    private ByteArrayOutputStream written = new ByteArrayOutputStream();
    private WebSocketOutputStream out = new WebSocketOutputStream(written);

    /** A new connection's output, for the next case of a test. */
    private void reset() {
        written = new ByteArrayOutputStream();
        out = new WebSocketOutputStream(written);
    }

    private WebSocketInputStream reading(ClientFrames frames) {
        return reading(frames.toByteArray(), MAX);
    }

    private WebSocketInputStream reading(byte[] bytes, int maxPayload) {
        return new WebSocketInputStream(new ByteArrayInputStream(bytes), out, maxPayload);
    }

    private List<Frame> sent() {
        return ClientFrames.parse(written.toByteArray());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Reads the stream to its end. */
    private static byte[] all(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /** Checks that reading fails with a close of {@code status}, and that the client was sent that close frame. */
    private void assertClosedWith(int status, ClientFrames frames) {
        assertClosedWith(status, reading(frames));
    }

    private void assertClosedWith(int status, WebSocketInputStream in) {
        WebSocketException e = assertThrows(WebSocketException.class, () -> all(in));
        assertEquals(status, e.status(), e.getMessage());
        Frame last = sent().getLast();
        assertEquals(CLOSE, last.opcode());
        assertEquals(status, last.status());
        assertThrows(WebSocketException.class, in::read, "a stream that failed stays failed");
    }

    // ---- reading ----

    @Test
    void unmasksTheRfcExample() throws IOException {
        // section 5.7: "A single-frame masked text message", here in a binary frame
        byte[] frame = {(byte) 0x82, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        assertEquals("Hello", new String(all(reading(frame, MAX)), StandardCharsets.US_ASCII));
    }

    @Test
    void readsLengthsOfSevenSixteenAndSixtyFourBits() throws IOException {
        for (int n : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
            byte[] payload = random(n);
            assertArrayEquals(payload, all(reading(new ClientFrames().frame(BINARY, payload))), n + " bytes");
        }
    }

    @Test
    void packetsMaySpanFramesAndShareThem() throws IOException {
        byte[] stream = random(1000);
        ClientFrames frames = new ClientFrames()
                .frame(BINARY, Arrays.copyOfRange(stream, 0, 3))
                .frame(BINARY, Arrays.copyOfRange(stream, 3, 700))
                .frame(BINARY, new byte[0])
                .frame(BINARY, Arrays.copyOfRange(stream, 700, 1000));
        WebSocketInputStream in = reading(frames);
        byte[] got = new byte[1000];
        int n = 0;
        while (n < got.length) {
            n += in.read(got, n, Math.min(7, got.length - n)); // small reads, across frame boundaries
        }
        assertArrayEquals(stream, got);
        assertEquals(-1, in.read());
    }

    @Test
    void aFragmentedMessageWithAPingBetweenItsFrames() throws IOException {
        ClientFrames frames = new ClientFrames()
                .frame(false, BINARY, bytes("Hel"), true)
                .frame(PING, bytes("are you there"))
                .frame(false, CONTINUATION, bytes("l"), true)
                .frame(true, CONTINUATION, bytes("o"), true)
                .frame(BINARY, bytes(", again"));
        assertEquals("Hello, again", new String(all(reading(frames)), StandardCharsets.UTF_8));
        List<Frame> sent = sent();
        assertEquals(PONG, sent.getFirst().opcode());
        assertEquals("are you there", sent.getFirst().text());
    }

    @Test
    void aPingIsAnsweredWithAPongOfTheSamePayloadAndAPongIsIgnored() throws IOException {
        byte[] payload = random(125);
        WebSocketInputStream in = reading(new ClientFrames().frame(PING, payload).frame(PONG, bytes("unasked"))
                .frame(PING, new byte[0]).frame(BINARY, bytes("data")));
        assertEquals("data", new String(all(in), StandardCharsets.UTF_8));
        List<Frame> sent = sent();
        assertEquals(2, sent.size());
        assertEquals(PONG, sent.get(0).opcode());
        assertArrayEquals(payload, sent.get(0).payload());
        assertArrayEquals(new byte[0], sent.get(1).payload());
    }

    @Test
    void aCloseIsAnsweredWithACloseAndTheStreamEnds() throws IOException {
        WebSocketInputStream in = reading(new ClientFrames().frame(BINARY, bytes("last words"))
                .frame(CLOSE, ClientFrames.close(1001, "going away")).frame(BINARY, bytes("never read")));
        assertEquals("last words", new String(all(in), StandardCharsets.UTF_8));
        assertEquals(-1, in.read());
        assertEquals(0, in.available());
        Frame close = sent().getLast();
        assertEquals(CLOSE, close.opcode());
        assertEquals(1001, close.status());
        IOException late = assertThrows(IOException.class, () -> out.write(bytes("after the close")));
        assertTrue(late.getMessage().contains("close"), late.getMessage());
        assertEquals(1, sent().size(), "nothing after the close frame");
    }

    @Test
    void aCloseWithoutAStatusIsAnsweredWithoutOne() throws IOException {
        assertEquals(0, all(reading(new ClientFrames().frame(CLOSE, new byte[0]))).length);
        assertEquals(-1, sent().getLast().status());
    }

    @Test
    void theTransportEndingBetweenFramesEndsTheStreamAndInsideOneFailsIt() throws IOException {
        assertEquals("whole", new String(all(reading(new ClientFrames().frame(BINARY, bytes("whole")))), StandardCharsets.UTF_8));
        byte[] cut = new ClientFrames().frame(BINARY, bytes("cut short")).toByteArray();
        assertThrows(EOFException.class, () -> all(reading(Arrays.copyOf(cut, cut.length - 2), MAX)));
        assertThrows(EOFException.class, () -> all(reading(Arrays.copyOf(cut, 4), MAX)));
        assertEquals(0, written.size(), "nothing is sent to a transport that ended");
    }

    @Test
    void unmaskedFramesAreRefusedWith1002() {
        assertClosedWith(1002, new ClientFrames().frame(true, BINARY, bytes("in the clear"), false));
    }

    @Test
    void reservedBitsAreRefusedWith1002() {
        for (int rsv : new int[] {0x40, 0x20, 0x10}) {
            reset();
            assertClosedWith(1002, new ClientFrames().raw(0x80 | rsv | BINARY, bytes("compressed?"), true));
        }
    }

    @Test
    void reservedOpcodesAreRefusedWith1002() {
        for (int opcode : new int[] {0x3, 0x7, 0xB, 0xF}) {
            reset();
            assertClosedWith(1002, new ClientFrames().frame(opcode, bytes("?")));
        }
    }

    @Test
    void textFramesAreRefusedWith1003() {
        assertClosedWith(1003, new ClientFrames().frame(BINARY, bytes("fine")).frame(TEXT, bytes("not MQTT")));
    }

    @Test
    void aFrameOverTheBoundIsRefusedWith1009() {
        assertClosedWith(1009, reading(new ClientFrames().frame(BINARY, random(100)).frame(BINARY, random(101)).toByteArray(), 100));
    }

    @Test
    void badFragmentsAreRefusedWith1002() {
        assertClosedWith(1002, new ClientFrames().frame(CONTINUATION, bytes("of nothing")));
        reset();
        assertClosedWith(1002, new ClientFrames().frame(false, BINARY, bytes("first"), true).frame(BINARY, bytes("second")));
    }

    @Test
    void badControlFramesAreRefusedWith1002() {
        assertClosedWith(1002, new ClientFrames().frame(false, PING, bytes("fragmented"), true));
        reset();
        assertClosedWith(1002, new ClientFrames().frame(PING, random(126)));
        reset();
        assertClosedWith(1002, new ClientFrames().frame(CLOSE, new byte[] {3}));
        reset();
        assertClosedWith(1002, new ClientFrames().frame(CLOSE, ClientFrames.close(1005, "")));
        reset();
        assertClosedWith(1007, new ClientFrames().frame(CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28}));
    }

    @Test
    void aSixtyFourBitLengthWithItsHighBitIsRefusedWith1002() {
        assertClosedWith(1002, new ClientFrames().bytes(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4));
    }

    @Test
    void availableCountsOnlyPayloadThatIsThere() throws IOException {
        WebSocketInputStream in = reading(new ClientFrames().frame(BINARY, bytes("abcd")).frame(BINARY, bytes("ef"))
                .frame(PING, bytes("p")).frame(BINARY, bytes("gh")));
        assertEquals(0, in.available(), "nothing read yet");
        assertEquals('a', in.read());
        assertEquals(3, in.available(), "the rest of the frame");
        assertEquals(3, in.read(new byte[10]), "a read stops at the end of a frame");
        assertEquals(2, in.available(), "the next frame, its header buffered");
        assertEquals(2, in.read(new byte[10]));
        assertEquals(0, in.available(), "a ping is next: reading on would answer it, not return data at once");
        assertEquals("gh", new String(all(in), StandardCharsets.UTF_8));
    }

    @Test
    void theRequestHeadLeavesTheFramesBehindItBuffered() throws IOException {
        byte[] head = bytes("GET /mqtt HTTP/1.1\r\nHost: h\r\n\r\n");
        byte[] frame = new ClientFrames().frame(BINARY, bytes("right behind")).toByteArray();
        byte[] both = Arrays.copyOf(head, head.length + frame.length);
        System.arraycopy(frame, 0, both, head.length, frame.length);
        WebSocketInputStream in = reading(both, MAX);
        assertEquals("GET /mqtt HTTP/1.1\r\nHost: h\r\n\r\n", in.readHead(Handshake.MAX_HEAD));
        assertEquals("right behind", new String(all(in), StandardCharsets.UTF_8));
    }

    @Test
    void aRequestHeadIsBounded() throws IOException {
        byte[] endless = bytes("GET /mqtt HTTP/1.1\r\nX-Padding: " + "x".repeat(Handshake.MAX_HEAD) + "\r\n\r\n");
        assertThrows(WebSocketInputStream.HeadTooLarge.class, () -> reading(endless, MAX).readHead(Handshake.MAX_HEAD));
        assertEquals(null, reading(bytes("GET /mqtt HTTP/1.1\r\nHost"), MAX).readHead(Handshake.MAX_HEAD),
                "a transport that ends inside the head");
    }

    // ---- writing ----

    @Test
    void writesUnmaskedBinaryFramesOfEachLengthEncoding() throws IOException {
        int[] sizes = {1, 125, 126, 65_535, 65_536, 100_000};
        for (int n : sizes) {
            out.write(random(n));
        }
        out.write(new byte[0]);
        List<Frame> sent = sent();
        assertEquals(sizes.length, sent.size(), "one frame per write, none for an empty one");
        for (int i = 0; i < sizes.length; i++) {
            assertEquals(BINARY, sent.get(i).opcode());
            assertTrue(sent.get(i).fin());
            assertArrayEquals(random(sizes[i]), sent.get(i).payload());
        }
        byte[] bytes = written.toByteArray();
        assertArrayEquals(new byte[] {(byte) 0x82, 1}, Arrays.copyOf(bytes, 2));
        assertArrayEquals(new byte[] {(byte) 0x82, 126, 0, 126}, Arrays.copyOfRange(bytes, 3 + 2 + 125, 3 + 2 + 125 + 4));
    }

    @Test
    void theRfcExampleOf256BytesAndOf64KiB() throws IOException {
        // section 5.7: "256 bytes binary message in a single unmasked frame", and 64 KiB
        out.write(new byte[256]);
        assertArrayEquals(new byte[] {(byte) 0x82, 0x7E, 0x01, 0x00}, Arrays.copyOf(written.toByteArray(), 4));
        reset();
        out.write(new byte[65_536]);
        assertArrayEquals(new byte[] {(byte) 0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0}, Arrays.copyOf(written.toByteArray(), 10));
    }

    @Test
    void aCloseReasonIsCutToFitAControlFrame() {
        byte[] payload = Rfc6455.closePayload(1002, "é".repeat(100));
        assertTrue(payload.length <= 125);
        assertEquals(1002, new Frame(true, CLOSE, payload).status());
        assertEquals(0, (payload.length - 2) % 2, "no character cut in two");
    }
}
