package dev.herald.bench.report;

import dev.herald.bench.load.SequenceChecker.Verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of one measured run, with its delivery verdict and whatever went wrong.
 *
 * @param figures  figure name to value, in report order (names say their unit: {@code rate}
 *                 is messages per second, {@code p99_us} microseconds, {@code heap_per_conn} bytes)
 * @param verdict  what subscribers got wrong, summed over subscribers
 * @param failures what went wrong, for people
 */
public record Measurement(Map<String, Double> figures, Verdict verdict, List<String> failures) {

    public Measurement {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        Objects.requireNonNull(verdict, "verdict");
        failures = List.copyOf(failures);
    }

    /** Whether nothing was lost, duplicated or reordered and nothing failed. */
    public boolean ok() {
        return verdict.clean() && failures.isEmpty();
    }
}
