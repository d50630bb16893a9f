package dev.herald.broker.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectPolicyTest {

    @Test
    void delaysDoubleUpToTheMaximum() {
        ReconnectPolicy policy = ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(100), policy.delay(1));
        assertEquals(Duration.ofMillis(200), policy.delay(2));
        assertEquals(Duration.ofMillis(400), policy.delay(3));
        assertEquals(Duration.ofMillis(800), policy.delay(4));
        assertEquals(Duration.ofSeconds(1), policy.delay(5));
        assertEquals(Duration.ofSeconds(1), policy.delay(1_000_000));
    }

    @Test
    void givesUpAfterMaxAttemptsUnlessUnlimited() {
        assertTrue(ReconnectPolicy.DEFAULT.allows(Integer.MAX_VALUE));
        ReconnectPolicy three = ReconnectPolicy.DEFAULT.withMaxAttempts(3);
        assertTrue(three.allows(3));
        assertFalse(three.allows(4));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.DEFAULT.withMaxAttempts(-1));
    }
}
