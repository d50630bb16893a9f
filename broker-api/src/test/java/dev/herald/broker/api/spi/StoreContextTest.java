package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreContextTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1764095000000L), ZoneOffset.UTC);

    @Test
    void looksUpStoreSettingsByNameWithoutThePrefix() {
        StoreContext context = new StoreContext(CLOCK, 1_000, 10_000, Map.of("jdbc.url", "jdbc:h2:mem:x")::get);
        assertEquals(Optional.of("jdbc:h2:mem:x"), context.setting("jdbc.url"));
        assertEquals(Optional.empty(), context.setting("jdbc.user"));
    }

    @Test
    void acceptsZeroBounds() {
        StoreContext context = new StoreContext(CLOCK, 0, 0, name -> null);
        assertEquals(0, context.retainedMax());
        assertEquals(0, context.offlineMax());
    }

    @Test
    void rejectsANegativeRetainedMaxNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StoreContext(CLOCK, -1, 10, name -> null));
        assertTrue(e.getMessage().contains("retainedMax"), e.getMessage());
    }

    @Test
    void rejectsANegativeOfflineMaxNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StoreContext(CLOCK, 10, -1, name -> null));
        assertTrue(e.getMessage().contains("offlineMax"), e.getMessage());
    }

    @Test
    void needsAClockAndSettings() {
        assertThrows(NullPointerException.class, () -> new StoreContext(null, 1, 1, name -> null));
        assertThrows(NullPointerException.class, () -> new StoreContext(CLOCK, 1, 1, null));
    }
}
