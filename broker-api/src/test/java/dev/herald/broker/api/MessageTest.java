package dev.herald.broker.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTest {

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void rejectsIdThatIsNotPositive(long id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Message(id, "NEWS", 1L, "x"));
        assertTrue(e.getMessage().contains(Long.toString(id)), e.getMessage());
    }

    @Test
    void acceptsPositiveIdsUpToLongMax() {
        assertEquals(1, new Message(1, "NEWS", 0, "").id());
        assertEquals(Long.MAX_VALUE, new Message(Long.MAX_VALUE, "NEWS", 0, "").id());
    }

    @Test
    void allowsTheEmptyPayload() {
        assertEquals("", new Message(7, "NEWS", 5, "").payload());
    }

    @Test
    void rejectsNullTopicOrPayload() {
        assertThrows(NullPointerException.class, () -> new Message(1, null, 0, "x"));
        assertThrows(NullPointerException.class, () -> new Message(1, "NEWS", 0, (String) null));
        assertThrows(NullPointerException.class, () -> new Message(1, "NEWS", 0, (byte[]) null));
    }

    @Test
    void keepsAnyBytesAndTellsWhetherTheyAreText() {
        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3};
        Message m = new Message(1, "NEWS", 0, binary);
        binary[0] = 1; // the message took a copy
        assertEquals(3, m.payloadSize());
        assertEquals((byte) 0xff, m.payloadBytes()[0]);
        assertEquals(false, m.payloadIsUtf8());
        assertTrue(new Message(2, "NEWS", 0, "é\u0000x").payloadIsUtf8());
        assertEquals("é", new Message(3, "NEWS", 0, "é".getBytes(java.nio.charset.StandardCharsets.UTF_8)).payload());
    }

    @Test
    void equalsByValueIncludingThePayloadsBytes() {
        assertEquals(new Message(1, "NEWS", 2, "abc"), new Message(1, "NEWS", 2, new byte[] {'a', 'b', 'c'}));
        assertEquals(new Message(1, "NEWS", 2, "abc").hashCode(), new Message(1, "NEWS", 2, "abc").hashCode());
        assertTrue(!new Message(1, "NEWS", 2, "abc").equals(new Message(1, "NEWS", 2, "abd")));
    }
}
