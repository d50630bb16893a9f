package dev.herald.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTwoPercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1_000);
        }

        assertClose(50_000_000, h.percentile(50));
        assertClose(99_000_000, h.percentile(99));
        assertClose(99_900_000, h.percentile(99.9));
        assertEquals(100_000_000, h.max());
        assertEquals(100_000, h.count());
    }

    @Test
    void mergesCounts() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(5_000_000);

        a.add(b);

        assertEquals(2, a.count());
        assertEquals(5_000_000, a.max());
        assertEquals(10, a.percentile(50));
    }

    @Test
    void everyBucketHoldsTheValuesItClaims() {
        for (long v : new long[] {0, 1, 63, 64, 65, 127, 128, 1_000, 123_456_789, Long.MAX_VALUE / 3}) {
            int index = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.upperBound(index) >= v, "bucket of " + v);
            assertTrue(index == 0 || LatencyHistogram.upperBound(index - 1) < v, "previous bucket of " + v);
        }
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 50, "expected about " + expected + ", got " + actual);
    }
}
