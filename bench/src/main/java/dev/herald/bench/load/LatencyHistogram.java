package dev.herald.bench.load;

/**
 * Latencies in nanoseconds, in log-linear buckets (64 per power of two, so values are kept
 * to within about 1.6%), with the exact maximum. Recording allocates nothing.
 * Not thread-safe: one per subscriber, merged at the end.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB_COUNT; // top index: magnitude 63

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    /** Records one latency; a negative one (clock skew) counts as zero. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    /** Adds the counts of another histogram to this one. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    /** How many values were recorded. */
    public long count() {
        return total;
    }

    /** The largest value recorded, exactly. */
    public long max() {
        return max;
    }

    /**
     * The value at a percentile (0 to 100): the upper end of the bucket holding it, never
     * more than the maximum; 0 when nothing was recorded.
     */
    public long percentile(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(percent / 100.0 * total);
        rank = Math.max(1, Math.min(total, rank));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperBound(i));
            }
        }
        return max;
    }

    /** Values below 64 have a bucket each; above, 64 buckets split each power of two. */
    static int index(long v) {
        if (v < SUB_COUNT) {
            return (int) v;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(v); // at least SUB_BITS
        int shift = magnitude - SUB_BITS;
        int sub = (int) (v >>> shift) & (SUB_COUNT - 1);
        return (shift + 1) * SUB_COUNT + sub;
    }

    /** The largest value that falls into a bucket. */
    static long upperBound(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        long sub = index % SUB_COUNT;
        long bound = ((SUB_COUNT + sub + 1) << shift) - 1;
        return bound < 0 ? Long.MAX_VALUE : bound;
    }
}
