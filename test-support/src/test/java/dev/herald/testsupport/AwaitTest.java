package dev.herald.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitTest {

    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until("the third poll", () -> polls.incrementAndGet() == 3);
        assertEquals(3, polls.get());
    }

    @Test
    void failsAtTheDeadlineNamingWhatItWaitedFor() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("nothing", Duration.ofMillis(20), () -> false));
        assertTrue(e.getMessage().endsWith("waiting for: nothing"), e.getMessage());
    }

    @Test
    void holdsForFailsAsSoonAsTheConditionBreaks() {
        AtomicInteger polls = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.holdsFor("fewer than 3 polls", Duration.ofSeconds(10), () -> polls.incrementAndGet() < 3));
        assertEquals("no longer true: fewer than 3 polls", e.getMessage());
        assertEquals(3, polls.get());
    }

    @Test
    void inBackgroundCarriesTheResultBack() throws Exception {
        assertEquals("done", Await.inBackground(() -> "done").get());
    }
}
