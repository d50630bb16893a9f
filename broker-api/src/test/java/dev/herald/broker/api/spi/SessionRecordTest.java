package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionRecordTest {

    @Test
    void isOnlineWhileItHasNoOfflineTime() {
        assertTrue(new SessionRecord("subscriber-2", Set.of("NEWS"), -1).online());
    }

    @Test
    void isOfflineOnceItHasAnOfflineTime() {
        assertFalse(new SessionRecord("subscriber-2", Set.of(), 1764095000000L).online());
        assertFalse(new SessionRecord("subscriber-2", Set.of(), 0).online());
    }

    @Test
    void keepsACopyOfItsTopics() {
        Set<String> topics = new HashSet<>(Set.of("NEWS"));
        SessionRecord record = new SessionRecord("s", topics, -1);
        topics.add("WEATHER");
        assertEquals(Set.of("NEWS"), record.topics());
        assertThrows(UnsupportedOperationException.class, () -> record.topics().add("X"));
    }

    @Test
    void needsAClientIdAndTopics() {
        assertThrows(NullPointerException.class, () -> new SessionRecord(null, Set.of(), -1));
        assertThrows(NullPointerException.class, () -> new SessionRecord("s", null, -1));
    }
}
