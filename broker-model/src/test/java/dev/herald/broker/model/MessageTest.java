package dev.herald.broker.model;

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

    @Test
    void isAtQos1UnlessGivenOne() {
        assertEquals(1, new Message(1, "NEWS", 0, "x").qos());
        assertEquals(1, new Message(1, "NEWS", 0, new byte[] {'x'}).qos());
        assertEquals(1, Message.wrapping(1, "NEWS", 0, new byte[] {'x'}).qos());
        assertEquals(0, new Message(1, "NEWS", 0, new byte[] {'x'}, 0).qos());
        assertEquals(2, Message.wrapping(1, "NEWS", 0, new byte[] {'x'}, 2).qos());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, 128, Integer.MIN_VALUE})
    void rejectsAQosOtherThan0To2(int qos) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Message(1, "NEWS", 0, new byte[0], qos));
        assertTrue(e.getMessage().contains(Integer.toString(qos)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Message.wrapping(1, "NEWS", 0, new byte[0], qos));
    }

    @Test
    void copiesThePayloadGivenWithAQosButWrappingDoesNot() {
        byte[] bytes = {'a'};
        Message copied = new Message(1, "NEWS", 0, bytes, 2);
        Message wrapped = Message.wrapping(1, "NEWS", 0, bytes, 2);
        bytes[0] = 'b';
        assertEquals("a", copied.payload());
        assertEquals("b", wrapped.payload());
    }

    @Test
    void equalsOnlyAtTheSameQos() {
        byte[] abc = {'a', 'b', 'c'};
        assertEquals(new Message(1, "NEWS", 2, "abc"), new Message(1, "NEWS", 2, abc, 1));
        assertEquals(new Message(1, "NEWS", 2, abc, 0), Message.wrapping(1, "NEWS", 2, abc.clone(), 0));
        assertEquals(new Message(1, "NEWS", 2, abc, 0).hashCode(), new Message(1, "NEWS", 2, abc, 0).hashCode());
        assertTrue(!new Message(1, "NEWS", 2, abc, 0).equals(new Message(1, "NEWS", 2, abc, 2)));
        assertTrue(new Message(1, "NEWS", 2, abc, 0).toString().contains("qos=0"));
    }
}
