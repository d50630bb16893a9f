package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PublicationTest {

    @Test
    void keepsACopyOfItsOfflineSubscribers() {
        List<String> offline = new ArrayList<>(List.of("subscriber-2"));
        Publication publication = new Publication("NEWS", "x", 1, offline);
        offline.add("subscriber-3");
        assertEquals(List.of("subscriber-2"), publication.offlineSubscribers());
        assertThrows(UnsupportedOperationException.class, () -> publication.offlineSubscribers().add("y"));
    }

    @Test
    void needsTopicPayloadAndSubscribers() {
        assertThrows(NullPointerException.class, () -> new Publication(null, "x", 1, List.of()));
        assertThrows(NullPointerException.class, () -> new Publication("NEWS", (String) null, 1, List.of()));
        assertThrows(NullPointerException.class, () -> new Publication("NEWS", (byte[]) null, 1, List.of()));
        assertThrows(NullPointerException.class, () -> new Publication("NEWS", "x", 1, null));
    }

    @Test
    void withoutQosAndRetainIsAtQos1AndRetainsNothing() {
        Publication text = new Publication("NEWS", "x", 1, List.of());
        Publication bytes = new Publication("NEWS", new byte[] {'x'}, 1, List.of());
        assertEquals(1, text.qos());
        assertEquals(false, text.retain());
        assertEquals(1, bytes.qos());
        assertEquals(false, bytes.retain());
    }

    @Test
    void keepsItsQosAndRetainFlag() {
        Publication text = new Publication("NEWS", "x", 1, List.of(), 0, true);
        Publication bytes = new Publication("NEWS", new byte[] {'x'}, 1, List.of("away"), 2, false);
        assertEquals(0, text.qos());
        assertEquals(true, text.retain());
        assertEquals("x", new String(text.payload(), StandardCharsets.UTF_8));
        assertEquals(2, bytes.qos());
        assertEquals(false, bytes.retain());
        assertEquals(List.of("away"), bytes.offlineSubscribers());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, 255})
    void rejectsAQosOtherThan0To2(int qos) {
        assertThrows(IllegalArgumentException.class, () -> new Publication("NEWS", "x", 1, List.of(), qos, false));
        assertThrows(IllegalArgumentException.class, () -> new Publication("NEWS", new byte[0], 1, List.of(), qos, true));
    }
}
