package dev.herald.broker.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    private static final byte[] PROPERTIES = {0x01, 0x01, 0x09, 0x00, 0x02, (byte) 0xff, 0x00};

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void aMessageMadeWithoutPropertiesHasNoneAndNeverExpires() {
        for (Message m : new Message[] {new Message(1, "NEWS", 0, "x"), new Message(1, "NEWS", 0, new byte[] {'x'}, 2),
                Message.wrapping(1, "NEWS", 0, new byte[] {'x'}), Message.wrapping(1, "NEWS", 0, new byte[] {'x'}, 0)}) {
            assertFalse(m.hasProperties(), m.toString());
            assertEquals(0, m.propertiesSize());
            assertEquals(0, m.properties().remaining());
            assertEquals(Message.NEVER_EXPIRES, m.expiresAt());
            assertFalse(m.expiredAt(Long.MAX_VALUE), "a message that never expires is never expired");
        }
        assertEquals(0, Message.NEVER_EXPIRES);
    }

    @Test
    void wrappingWithPropertiesKeepsBothArraysAsGivenAndTheExpiryTime() {
        byte[] payload = {'a'};
        byte[] properties = PROPERTIES.clone();
        Message m = Message.wrapping(1, "NEWS", 5, payload, 2, properties, 1_000);

        assertTrue(m.hasProperties());
        assertEquals(PROPERTIES.length, m.propertiesSize());
        assertArrayEquals(PROPERTIES, bytes(m.properties()));
        assertEquals(1_000, m.expiresAt());
        assertEquals(2, m.qos());
        properties[0] = 0x7f;
        payload[0] = 'b';
        assertEquals(0x7f, m.properties().get(0), "no copy was taken");
        assertEquals("b", m.payload());
    }

    @Test
    void givesThePropertiesAsAReadOnlyBufferOfItsOwn() {
        Message m = Message.wrapping(1, "NEWS", 0, new byte[0], 1, PROPERTIES.clone(), 0);
        ByteBuffer first = m.properties();
        first.get();
        assertThrows(ReadOnlyBufferException.class, () -> first.put(0, (byte) 9));
        assertTrue(first.isReadOnly());
        assertEquals(PROPERTIES.length, m.properties().remaining(), "each call gives a fresh view");
        assertArrayEquals(PROPERTIES, bytes(m.properties()));
    }

    @Test
    void anEmptyPropertiesArrayMeansNoProperties() {
        Message m = Message.wrapping(1, "NEWS", 0, new byte[] {'x'}, 1, new byte[0], 0);
        assertFalse(m.hasProperties());
        assertEquals(new Message(1, "NEWS", 0, "x"), m);
        assertEquals(new Message(1, "NEWS", 0, "x").hashCode(), m.hashCode());
    }

    @Test
    void messagesWithoutPropertiesShareOneEmptyArray() throws ReflectiveOperationException {
        java.lang.reflect.Field field = Message.class.getDeclaredField("properties");
        field.setAccessible(true);
        Object none = field.get(new Message(1, "NEWS", 0, "x"));
        assertSame(none, field.get(Message.wrapping(2, "NEWS", 0, new byte[0], 0, new byte[0], 0)));
        assertSame(none, field.get(new Message(3, "NEWS", 0, new byte[0], 2)));
    }

    @Test
    void expiresWhenItsExpiryTimeHasCome() {
        Message m = Message.wrapping(1, "NEWS", 0, new byte[0], 1, new byte[0], 1_000);
        assertFalse(m.expiredAt(0));
        assertFalse(m.expiredAt(999));
        assertTrue(m.expiredAt(1_000));
        assertTrue(m.expiredAt(Long.MAX_VALUE));
    }

    @Test
    void rejectsNullPropertiesAndANegativeExpiryTime() {
        assertThrows(NullPointerException.class, () -> Message.wrapping(1, "NEWS", 0, new byte[0], 1, null, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Message.wrapping(1, "NEWS", 0, new byte[0], 1, new byte[0], -5));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }

    @Test
    void equalsOnlyWithTheSamePropertiesAndExpiryTime() {
        byte[] x = {'x'};
        Message m = Message.wrapping(1, "NEWS", 2, x, 1, PROPERTIES.clone(), 9);
        assertEquals(m, Message.wrapping(1, "NEWS", 2, x.clone(), 1, PROPERTIES.clone(), 9), "by value, not by array");
        assertEquals(m.hashCode(), Message.wrapping(1, "NEWS", 2, x.clone(), 1, PROPERTIES.clone(), 9).hashCode());
        assertNotEquals(m, Message.wrapping(1, "NEWS", 2, x, 1, PROPERTIES.clone(), 10));
        assertNotEquals(m, Message.wrapping(1, "NEWS", 2, x, 1, new byte[] {0x01, 0x00}, 9));
        assertNotEquals(m, Message.wrapping(1, "NEWS", 2, x, 1, new byte[0], 9));
        assertNotEquals(new Message(1, "NEWS", 2, x), Message.wrapping(1, "NEWS", 2, x, 1, new byte[0], 9));
    }

    @Test
    void toStringShowsThePropertiesSizeAndExpiryTimeButNotThePropertiesBytes() {
        String text = Message.wrapping(1, "NEWS", 2, new byte[] {'x'}, 1, new byte[] {'s', 'e', 'c', 'r', 'e', 't'}, 77)
                .toString();
        assertTrue(text.contains("properties=6 bytes"), text);
        assertTrue(text.contains("expiresAt=77"), text);
        assertFalse(text.contains("secret"), text);
        assertTrue(new Message(1, "NEWS", 2, "x").toString().contains("properties=0 bytes"));
    }
}
