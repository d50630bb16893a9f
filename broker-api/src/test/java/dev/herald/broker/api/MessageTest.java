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
        assertThrows(NullPointerException.class, () -> new Message(1, "NEWS", 0, null));
    }
}
