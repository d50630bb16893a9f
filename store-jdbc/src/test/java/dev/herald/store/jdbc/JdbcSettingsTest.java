package dev.herald.store.jdbc;

import dev.herald.broker.api.spi.StoreContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcSettingsTest {

    private static JdbcSettings settings(Map<String, String> values) {
        return JdbcSettings.from(new StoreContext(Clock.systemUTC(), 10, 10, values::get));
    }

    @Test
    void defaultsToAnH2FileDatabaseUnderHeraldData() {
        JdbcSettings settings = settings(Map.of());

        assertEquals("jdbc:h2:file:./herald-data/herald", settings.url());
        assertEquals(Optional.empty(), settings.user());
        assertEquals(Optional.empty(), settings.password());
        assertEquals(8, settings.poolSize());
        assertEquals(Duration.ofSeconds(5), settings.connectionTimeout());
        assertTrue(settings.durable());
    }

    @Test
    void readsEverySetting() {
        JdbcSettings settings = settings(Map.of(
                "jdbc.url", "jdbc:postgresql://db.example:5432/herald",
                "jdbc.user", "herald",
                "jdbc.password", "secret",
                "jdbc.pool-size", "3",
                "jdbc.connection-timeout", "750ms"));

        assertEquals("jdbc:postgresql://db.example:5432/herald", settings.url());
        assertEquals(Optional.of("herald"), settings.user());
        assertEquals(Optional.of("secret"), settings.password());
        assertEquals(3, settings.poolSize());
        assertEquals(Duration.ofMillis(750), settings.connectionTimeout());
        assertTrue(settings.postgres());
    }

    @Test
    void acceptsIsoDurations() {
        assertEquals(Duration.ofSeconds(2), settings(Map.of("jdbc.connection-timeout", "PT2S")).connectionTimeout());
        assertEquals(Duration.ofMinutes(1), settings(Map.of("jdbc.connection-timeout", "1m")).connectionTimeout());
    }

    @Test
    void rejectsABadPoolSizeNamingTheProperty() {
        for (String bad : new String[] {"zero", "0", "-1", "1001", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(Map.of("jdbc.pool-size", bad)));
            assertTrue(e.getMessage().contains("broker.jdbc.pool-size"), e.getMessage());
        }
    }

    @Test
    void rejectsABadConnectionTimeoutNamingTheProperty() {
        for (String bad : new String[] {"soon", "100ms", "5 s", "-PT1S"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(Map.of("jdbc.connection-timeout", bad)));
            assertTrue(e.getMessage().contains("broker.jdbc.connection-timeout"), e.getMessage());
        }
    }

    @Test
    void rejectsAUrlThatIsNotJdbcNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("jdbc.url", "postgresql://localhost/herald")));
        assertTrue(e.getMessage().contains("broker.jdbc.url"), e.getMessage());
    }

    @Test
    void rejectsAnUnnamedInMemoryH2DatabaseWhichEveryConnectionWouldSeeEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("jdbc.url", "jdbc:h2:mem:")));
        assertTrue(e.getMessage().contains("broker.jdbc.url"), e.getMessage());
    }

    @Test
    void makesH2WriteEveryCommitToItsFileAndLeavesClosingToTheStore() {
        assertEquals("jdbc:h2:file:./data/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                settings(Map.of("jdbc.url", "jdbc:h2:file:./data/x")).connectionUrl());
        assertEquals("jdbc:h2:./data/x;AUTO_SERVER=TRUE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                settings(Map.of("jdbc.url", "jdbc:h2:./data/x;AUTO_SERVER=TRUE")).connectionUrl());
        assertEquals("jdbc:h2:./data/x;db_close_on_exit=TRUE;WRITE_DELAY=0",
                settings(Map.of("jdbc.url", "jdbc:h2:./data/x;db_close_on_exit=TRUE")).connectionUrl());
    }

    @Test
    void keepsAWriteDelayGivenInTheUrlButIsThenNotDurable() {
        JdbcSettings delayed = settings(Map.of("jdbc.url", "jdbc:h2:file:./data/x;write_delay=500"));
        assertEquals("jdbc:h2:file:./data/x;write_delay=500;DB_CLOSE_ON_EXIT=FALSE", delayed.connectionUrl());
        assertFalse(delayed.durable());

        assertTrue(settings(Map.of("jdbc.url", "jdbc:h2:file:./data/x;WRITE_DELAY=0")).durable());
    }

    @Test
    void leavesOtherUrlsAloneAndCallsInMemoryH2NotDurable() {
        assertEquals("jdbc:postgresql://localhost/herald",
                settings(Map.of("jdbc.url", "jdbc:postgresql://localhost/herald")).connectionUrl());
        JdbcSettings memory = settings(Map.of("jdbc.url", "jdbc:h2:mem:test"));
        assertEquals("jdbc:h2:mem:test", memory.connectionUrl());
        assertFalse(memory.durable());
    }

    @Test
    void masksPasswordsInMessages() {
        JdbcSettings settings = settings(Map.of(
                "jdbc.url", "jdbc:postgresql://localhost/herald?user=h&password=hunter2&ssl=true",
                "jdbc.password", "swordfish"));

        assertEquals("jdbc:postgresql://localhost/herald?user=h&password=***&ssl=true", settings.maskedUrl());
        assertFalse(settings.toString().contains("hunter2"), settings.toString());
        assertFalse(settings.toString().contains("swordfish"), settings.toString());
    }
}
