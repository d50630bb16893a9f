package dev.herald.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The measured runs of one target, summarized as median, min and max per figure.
 *
 * @param target   the target's name
 * @param runs     the measured runs, in order
 * @param failures what went wrong outside any run (the target did not start, ...)
 */
public record TargetResult(String target, List<Measurement> runs, List<String> failures) {

    public TargetResult {
        runs = List.copyOf(runs);
        failures = List.copyOf(failures);
    }

    /** Whether every run was clean and nothing else failed. */
    public boolean ok() {
        return failures.isEmpty() && !runs.isEmpty() && runs.stream().allMatch(Measurement::ok);
    }

    /** Every figure name some run has, in report order. */
    public Set<String> figureNames() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.figures().keySet()));
        return names;
    }

    /** The median, min and max of a figure over the runs that have it; null when none has it. */
    public Stat stat(String figure) {
        List<Double> values = new ArrayList<>();
        for (Measurement m : runs) {
            Double v = m.figures().get(figure);
            if (v != null && !v.isNaN()) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        Collections.sort(values);
        int n = values.size();
        double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        return new Stat(median, values.get(0), values.get(n - 1), n);
    }

    /** Totals of the delivery checks over all runs: lost, duplicated, reordered, unexpected. */
    public long[] checkTotals() {
        long[] t = new long[4];
        for (Measurement m : runs) {
            t[0] += m.verdict().lost();
            t[1] += m.verdict().duplicated();
            t[2] += m.verdict().reordered();
            t[3] += m.verdict().unexpected();
        }
        return t;
    }

    /**
     * A figure over several runs.
     *
     * @param median the median (the mean of the middle two for an even count)
     * @param min    the smallest
     * @param max    the largest
     * @param count  how many runs had it
     */
    public record Stat(double median, double min, double max, int count) {
    }
}
