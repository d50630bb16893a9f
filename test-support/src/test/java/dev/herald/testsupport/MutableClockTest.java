package dev.herald.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class MutableClockTest {

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = new MutableClock(1_000);
        assertEquals(1_000, clock.millis());
        assertEquals(Instant.ofEpochMilli(1_000), clock.instant());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(3_000, clock.millis());
        clock.advance(Duration.ofMillis(-500));
        assertEquals(2_500, clock.millis());
        assertEquals(ZoneOffset.UTC, clock.getZone());
    }

    @Test
    void aClockInAnotherZoneMovesWithIt() {
        MutableClock clock = new MutableClock();
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertEquals(clock.instant(), paris.instant());
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
        assertSame(clock, clock.withZone(ZoneOffset.UTC));
    }
}
