package dev.herald.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks what one subscriber received against what the publishers sent: each publisher
 * numbers its messages 0, 1, 2, ... and a subscriber must see every number of every
 * publisher exactly once, in order. Costs two longs per publisher while all is well; only
 * gaps are remembered (as ranges), so a late message can be told from a duplicate.
 * Not thread-safe: one per subscriber.
 */
public final class SequenceChecker {

    private final long[] next;
    private final long[] received;
    /** Per publisher, missing ranges: start (inclusive) to end (exclusive); null while there are none. */
    private final List<TreeMap<Long, Long>> missing;
    private long duplicated;
    private long reordered;
    private long unexpected;

    /** @param publishers how many publishers send, indexed from 0 */
    public SequenceChecker(int publishers) {
        this.next = new long[publishers];
        this.received = new long[publishers];
        this.missing = new ArrayList<>(Collections.nCopies(publishers, null));
    }

    /** Records a received message. */
    public void accept(int publisher, long sequence) {
        if (publisher < 0 || publisher >= next.length || sequence < 0) {
            unexpected++;
            return;
        }
        long expected = next[publisher];
        if (sequence == expected) {
            next[publisher] = expected + 1;
            received[publisher]++;
        } else if (sequence > expected) {
            gaps(publisher).put(expected, sequence);
            next[publisher] = sequence + 1;
            received[publisher]++;
        } else if (fillGap(publisher, sequence)) {
            reordered++;
            received[publisher]++;
        } else {
            duplicated++;
        }
    }

    private TreeMap<Long, Long> gaps(int publisher) {
        TreeMap<Long, Long> gaps = missing.get(publisher);
        if (gaps == null) {
            gaps = new TreeMap<>();
            missing.set(publisher, gaps);
        }
        return gaps;
    }

    /** Removes a late sequence number from the gaps; false if it was not missing (a duplicate). */
    private boolean fillGap(int publisher, long sequence) {
        TreeMap<Long, Long> gaps = missing.get(publisher);
        if (gaps == null) {
            return false;
        }
        Map.Entry<Long, Long> range = gaps.floorEntry(sequence);
        if (range == null || sequence >= range.getValue()) {
            return false;
        }
        long start = range.getKey();
        long end = range.getValue();
        gaps.remove(start);
        if (start < sequence) {
            gaps.put(start, sequence);
        }
        if (sequence + 1 < end) {
            gaps.put(sequence + 1, end);
        }
        return true;
    }

    /** Messages accepted so far, duplicates and unexpected ones not counted. */
    public long received() {
        long total = 0;
        for (long r : received) {
            total += r;
        }
        return total;
    }

    /**
     * The verdict, given how many messages each publisher sent (and had acknowledged, for
     * Herald): everything sent and not received is lost.
     */
    public Verdict verdict(long[] sent) {
        if (sent.length != next.length) {
            throw new IllegalArgumentException("expected " + next.length + " publishers, got " + sent.length);
        }
        long lost = 0;
        long extra = unexpected;
        for (int p = 0; p < next.length; p++) {
            long missed = sent[p] - received[p];
            if (missed >= 0) {
                lost += missed;
            } else {
                extra -= missed;
            }
        }
        return new Verdict(received(), lost, duplicated, reordered, extra);
    }

    /**
     * What a subscriber got wrong.
     *
     * @param received   distinct messages received
     * @param lost       messages sent but never received
     * @param duplicated messages received more than once (counted per extra copy)
     * @param reordered  messages received after a later one of the same publisher
     * @param unexpected messages nobody sent (unknown publisher, or beyond what was sent)
     */
    public record Verdict(long received, long lost, long duplicated, long reordered, long unexpected) {

        /** The verdict of nothing received and nothing sent. */
        public static final Verdict EMPTY = new Verdict(0, 0, 0, 0, 0);

        /** Whether every message arrived once and in order. */
        public boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0 && unexpected == 0;
        }

        /** The sum of two verdicts (of two subscribers). */
        public Verdict plus(Verdict other) {
            return new Verdict(received + other.received, lost + other.lost, duplicated + other.duplicated,
                    reordered + other.reordered, unexpected + other.unexpected);
        }
    }
}
