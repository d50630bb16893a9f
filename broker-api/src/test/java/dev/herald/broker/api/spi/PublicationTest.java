package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void madeWithoutPropertiesHasNoneAndNeverExpires() {
        for (Publication p : List.of(new Publication("NEWS", "x", 1, List.of()),
                new Publication("NEWS", new byte[] {'x'}, 1, List.of()),
                new Publication("NEWS", "x", 1, List.of(), 0, true),
                new Publication("NEWS", new byte[] {'x'}, 1, List.of(), 2, false))) {
            assertEquals(0, p.properties().length);
            assertEquals(0, p.expiresAt());
        }
    }

    @Test
    void keepsItsPropertiesArrayAsGivenAndItsExpiryTime() {
        byte[] payload = {'x'};
        byte[] properties = {0x01, 0x01, 0x26, 0x00, 0x01, 'k', 0x00, 0x00};
        Publication p = new Publication("NEWS", payload, 1, List.of("away"), 2, true, properties, 5_000);
        assertSame(properties, p.properties());
        assertSame(payload, p.payload());
        assertEquals(5_000, p.expiresAt());
        assertEquals(2, p.qos());
        assertEquals(true, p.retain());
        assertEquals(List.of("away"), p.offlineSubscribers());
    }

    @Test
    void rejectsNullPropertiesAndANegativeExpiryTime() {
        assertThrows(NullPointerException.class, () -> new Publication("NEWS", new byte[0], 1, List.of(), 1, false, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Publication("NEWS", new byte[0], 1, List.of(), 1, false, new byte[0], -1));
        assertThrows(IllegalArgumentException.class,
                () -> new Publication("NEWS", new byte[0], 1, List.of(), 3, false, new byte[0], 0));
    }
}
