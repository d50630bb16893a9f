package dev.herald.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceCheckerTest {

    @Test
    void acceptsEveryMessageOnceInOrder() {
        SequenceChecker checker = new SequenceChecker(2);
        for (long seq = 0; seq < 5; seq++) {
            checker.accept(0, seq);
            checker.accept(1, seq);
        }

        SequenceChecker.Verdict verdict = checker.verdict(new long[] {5, 5});

        assertTrue(verdict.clean(), verdict.toString());
        assertEquals(10, verdict.received());
    }

    @Test
    void flagsAGapAsLost() {
        SequenceChecker checker = new SequenceChecker(1);
        checker.accept(0, 0);
        checker.accept(0, 1);
        checker.accept(0, 3);

        SequenceChecker.Verdict verdict = checker.verdict(new long[] {4});

        assertFalse(verdict.clean());
        assertEquals(1, verdict.lost());
        assertEquals(0, verdict.reordered());
    }

    @Test
    void flagsMissingTailAsLost() {
        SequenceChecker checker = new SequenceChecker(1);
        checker.accept(0, 0);

        assertEquals(2, checker.verdict(new long[] {3}).lost());
    }

    @Test
    void tellsALateMessageFromADuplicate() {
        SequenceChecker checker = new SequenceChecker(1);
        checker.accept(0, 0);
        checker.accept(0, 2);
        checker.accept(0, 1); // late: fills the gap
        checker.accept(0, 2); // a second copy

        SequenceChecker.Verdict verdict = checker.verdict(new long[] {3});

        assertEquals(0, verdict.lost());
        assertEquals(1, verdict.reordered());
        assertEquals(1, verdict.duplicated());
    }

    @Test
    void flagsMessagesOfUnknownPublishers() {
        SequenceChecker checker = new SequenceChecker(1);
        checker.accept(7, 0);

        assertEquals(1, checker.verdict(new long[] {0}).unexpected());
    }
}
