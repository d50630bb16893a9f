package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;

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
}
