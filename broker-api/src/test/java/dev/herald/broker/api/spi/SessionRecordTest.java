package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
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

    @Test
    void subscribesToGivenTopicsAtQos1() {
        SessionRecord record = new SessionRecord("s", Set.of("NEWS", "sensors/#"), -1, "bob");
        assertEquals(Map.of("NEWS", 1, "sensors/#", 1), record.subscriptions());
        assertEquals(1, record.qos("sensors/#"));
        assertEquals(new SessionRecord("s", Map.of("NEWS", 1, "sensors/#", 1), -1, "bob"), record);
    }

    @Test
    void keepsACopyOfItsSubscriptionsWithTheirQos() {
        Map<String, Integer> subscriptions = new HashMap<>(Map.of("NEWS", 0, "sensors/+/temp", 2));
        SessionRecord record = new SessionRecord("s", subscriptions, 5, null);
        subscriptions.put("WEATHER", 1);
        assertEquals(Set.of("NEWS", "sensors/+/temp"), record.topics());
        assertEquals(0, record.qos("NEWS"));
        assertEquals(2, record.qos("sensors/+/temp"));
        assertThrows(UnsupportedOperationException.class, () -> record.subscriptions().put("X", 1));
        assertThrows(UnsupportedOperationException.class, () -> record.topics().remove("NEWS"));
        assertTrue(!record.equals(new SessionRecord("s", Map.of("NEWS", 1, "sensors/+/temp", 2), 5, null)),
                "records differ by a subscription's QoS");
    }

    @Test
    void tellsNoQosForAFilterItIsNotSubscribedTo() {
        SessionRecord record = new SessionRecord("s", Map.of("NEWS", 0), -1, null);
        assertThrows(NoSuchElementException.class, () -> record.qos("WEATHER"));
    }

    @Test
    void rejectsAQosOtherThan0To2() {
        assertThrows(IllegalArgumentException.class, () -> new SessionRecord("s", Map.of("NEWS", 3), -1, null));
        assertThrows(IllegalArgumentException.class, () -> new SessionRecord("s", Map.of("NEWS", -1), -1, null));
    }
}
