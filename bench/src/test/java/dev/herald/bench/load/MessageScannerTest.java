package dev.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageScannerTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsPublisherSequenceAndStampOfAHeraldMessage() {
        String payload = Payload.of(3, 41, 123_456_789L, 100);
        byte[] line = bytes("MSG NEWS 17 1764095000000 " + payload + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.HERALD, "NEWS", 100, true);

        int next = scanner.scan(line, 0, line.length);

        assertEquals(line.length, next);
        assertTrue(scanner.message);
        assertEquals(3, scanner.publisher);
        assertEquals(41, scanner.sequence);
        assertEquals(123_456_789L, scanner.stamp);
    }

    @Test
    void readsARelayedPubLine() {
        byte[] line = bytes("PUB NEWS " + Payload.of(0, 9, 5, 60) + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.RELAY, "NEWS", 60, false);

        assertEquals(line.length, scanner.scan(line, 0, line.length));
        assertTrue(scanner.message);
        assertEquals(9, scanner.sequence);
    }

    @Test
    void waitsForTheRestOfALine() {
        byte[] line = bytes("MSG NEWS 17 1764095000000 " + Payload.of(1, 2, 3, 100) + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.HERALD, "NEWS", 100, true);

        assertEquals(MessageScanner.INCOMPLETE, scanner.scan(line, 0, line.length - 1));
        assertEquals(MessageScanner.INCOMPLETE, scanner.scan(line, 0, 10));
    }

    @Test
    void passesOverOtherFrames() {
        byte[] lines = bytes("ERR SLOW_CONSUMER too slow\nMSG NEWS 1 2 " + Payload.of(0, 0, 0, 40) + "\n");
        MessageScanner scanner = new MessageScanner(Protocol.HERALD, "NEWS", 40, false);

        int next = scanner.scan(lines, 0, lines.length);

        assertFalse(scanner.message);
        assertEquals("ERR SLOW_CONSUMER too slow\n".length(), next);
        assertEquals(lines.length, scanner.scan(lines, next, lines.length));
        assertTrue(scanner.message);
    }

    @Test
    void findsTheLineEndWhenThePayloadIsShorterThanExpected() {
        byte[] lines = bytes("PUB NEWS 0.1.2.\nPUB NEWS 0.2.2.\n");
        MessageScanner scanner = new MessageScanner(Protocol.RELAY, "NEWS", 100, false);

        int next = scanner.scan(lines, 0, lines.length);

        assertEquals(lines.length / 2, next);
        assertEquals(1, scanner.sequence);
    }
}
