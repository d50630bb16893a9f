package dev.herald.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints the results of a scenario: a table for people, then one {@code RESULT} line per
 * target for programs ({@code key=value} pairs separated by spaces; each figure as its
 * median with {@code _min} and {@code _max} when runs differ; Herald's line ends with its headline figure
 * as a ratio of the relay's when the relay was measured in the same invocation).
 */
public final class Report {

    /** Figure names and how people read them. */
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("msgs", "messages published"),
            Map.entry("deliveries", "messages delivered"),
            Map.entry("seconds", "seconds"),
            Map.entry("rate", "published msg/s"),
            Map.entry("delivery_rate", "deliveries/s"),
            Map.entry("mqtt_window", "MQTT publisher window"),
            Map.entry("p50_us", "latency p50 (us)"),
            Map.entry("p99_us", "latency p99 (us)"),
            Map.entry("p999_us", "latency p99.9 (us)"),
            Map.entry("max_us", "latency max (us)"),
            Map.entry("connections", "idle connections"),
            Map.entry("setup_rate", "connections set up/s"),
            Map.entry("heap_per_conn", "heap bytes/connection"),
            Map.entry("rss_per_conn", "RSS bytes/connection"),
            Map.entry("native_per_conn", "native bytes/connection"),
            Map.entry("total_per_conn", "heap+native bytes/connection"),
            Map.entry("queued", "queued (announced)"),
            Map.entry("publish_rate", "publish msg/s"),
            Map.entry("replay_rate", "replayed msg/s"));

    private static final String RELAY = "relay";
    /** The names of the targets others are compared with. */
    private static final Set<String> REFERENCES = Set.of(RELAY, "mqtt");

    private Report() {
    }

    /**
     * @param scenario    the scenario's name
     * @param description the run's shape, for the title
     * @param parameters  the run's parameters for the RESULT lines ({@code publishers=1 ...})
     * @param headline    the figure compared with the relay
     * @param results     the targets, the relay first when it was measured
     */
    public static void print(PrintStream out, String scenario, String description, String parameters,
                             String headline, List<TargetResult> results) {
        Set<String> figures = new LinkedHashSet<>();
        results.forEach(r -> figures.addAll(r.figureNames()));
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("figure"));
        results.forEach(r -> header.add(r.target()));
        rows.add(header.toArray(String[]::new));
        for (String figure : figures) {
            List<String> row = new ArrayList<>(List.of(LABELS.getOrDefault(figure, figure)));
            for (TargetResult r : results) {
                TargetResult.Stat s = r.stat(figure);
                row.add(s == null ? "-" : s.count() == 1 || s.min() == s.max() ? human(figure, s.median())
                        : human(figure, s.median()) + " [" + human(figure, s.min()) + " - " + human(figure, s.max()) + "]");
            }
            rows.add(row.toArray(String[]::new));
        }
        List<String> checks = new ArrayList<>(List.of("lost/dup/reordered"));
        List<String> status = new ArrayList<>(List.of("status"));
        for (TargetResult r : results) {
            long[] t = r.checkTotals();
            checks.add(t[0] + "/" + t[1] + "/" + t[2] + (t[3] > 0 ? " (+" + t[3] + " unexpected)" : ""));
            status.add(r.ok() ? "OK" : "FAILED");
        }
        rows.add(checks.toArray(String[]::new));
        rows.add(status.toArray(String[]::new));

        out.println();
        out.println("== " + scenario + ": " + description + " ==");
        printTable(out, rows);
        List<TargetResult> references = referencesIn(results);
        for (TargetResult reference : references) {
            for (TargetResult r : results) {
                Double ratio = references.contains(r) ? null : ratio(r, reference, headline);
                if (ratio != null) {
                    out.printf(Locale.ROOT, "%s / %s (%s): %.3f%n", r.target(), reference.target(),
                            LABELS.getOrDefault(headline, headline), ratio);
                }
            }
        }
        for (TargetResult r : results) {
            for (String failure : r.failures()) {
                out.println(r.target() + ": " + failure);
            }
            int i = 0;
            for (Measurement m : r.runs()) {
                i++;
                for (String failure : m.failures()) {
                    out.println(r.target() + " run " + i + ": " + failure);
                }
            }
        }
        out.println();
        for (TargetResult r : results) {
            out.println(resultLine(scenario, parameters, headline, r, references.contains(r) ? List.of() : references));
        }
    }

    /**
     * Prints one target's headline over another's, as a sentence and as a {@code RESULT} line
     * field ({@code name=<ratio>}), such as the server with metrics over the same without.
     */
    public static void printRatio(PrintStream out, TargetResult r, TargetResult base, String headline, String name) {
        Double ratio = ratio(r, base, headline);
        if (ratio != null) {
            out.printf(Locale.ROOT, "%s / %s (%s): %.3f%nRESULT %s=%.3f%n", r.target(), base.target(),
                    LABELS.getOrDefault(headline, headline), ratio, name, ratio);
        }
    }

    /**
     * The machine-readable line of one target, with its ratio to each reference: {@code
     * relay_<headline>} and {@code ratio} for the relay, {@code mqtt_<headline>} and
     * {@code mqtt_ratio} for an MQTT broker.
     */
    static String resultLine(String scenario, String parameters, String headline, TargetResult r,
                             List<TargetResult> references) {
        StringBuilder line = new StringBuilder("RESULT scenario=").append(scenario)
                .append(" target=").append(r.target())
                .append(" runs=").append(r.runs().size());
        if (!parameters.isEmpty()) {
            line.append(' ').append(parameters);
        }
        for (String figure : r.figureNames()) {
            TargetResult.Stat s = r.stat(figure);
            line.append(' ').append(figure).append('=').append(plain(figure, s.median()));
            if (s.count() > 1 && s.min() != s.max()) {
                line.append(' ').append(figure).append("_min=").append(plain(figure, s.min()))
                        .append(' ').append(figure).append("_max=").append(plain(figure, s.max()));
            }
        }
        long[] t = r.checkTotals();
        line.append(" lost=").append(t[0]).append(" duplicated=").append(t[1]).append(" reordered=").append(t[2]);
        if (t[3] > 0) {
            line.append(" unexpected=").append(t[3]);
        }
        for (TargetResult reference : references) {
            TargetResult.Stat rs = reference.stat(headline);
            Double ratio = ratio(r, reference, headline);
            if (rs != null && ratio != null) {
                String name = reference.target();
                line.append(' ').append(name).append('_').append(headline).append('=').append(plain(headline, rs.median()));
                line.append(String.format(Locale.ROOT, " %s=%.3f", name.equals(RELAY) ? "ratio" : name + "_ratio", ratio));
            }
        }
        line.append(" status=").append(r.ok() ? "OK" : "FAILED");
        return line.toString();
    }

    /** The targets measured as references (the relay, an MQTT broker), in the order measured. */
    private static List<TargetResult> referencesIn(List<TargetResult> results) {
        return results.stream().filter(r -> REFERENCES.contains(r.target())).toList();
    }

    /** The target's headline median over the reference's; null when either is missing. */
    static Double ratio(TargetResult r, TargetResult reference, String headline) {
        TargetResult.Stat a = r.stat(headline);
        TargetResult.Stat b = reference.stat(headline);
        if (a == null || b == null || b.median() == 0) {
            return null;
        }
        return a.median() / b.median();
    }

    private static String plain(String figure, double v) {
        if (figure.endsWith("_us")) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (figure.equals("seconds")) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return Long.toString(Math.round(v));
    }

    private static String human(String figure, double v) {
        if (figure.endsWith("_us")) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        if (figure.equals("seconds")) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    private static void printTable(PrintStream out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = row[c];
                if (c == 0) {
                    line.append(cell).append(" ".repeat(width[c] - cell.length()));
                } else {
                    line.append("  ").append(" ".repeat(width[c] - cell.length())).append(cell);
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
