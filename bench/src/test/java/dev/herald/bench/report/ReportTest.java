package dev.herald.bench.report;

import dev.herald.bench.load.SequenceChecker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static TargetResult target(String name, double... rates) {
        List<Measurement> runs = new java.util.ArrayList<>();
        for (double rate : rates) {
            runs.add(new Measurement(Map.of("rate", rate), SequenceChecker.Verdict.EMPTY, List.of()));
        }
        return new TargetResult(name, runs, List.of());
    }

    private static String print(List<TargetResult> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "throughput", "a test", "publishers=1",
                "rate", results);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void givesHeraldsRatioToEachReferenceMeasuredAlongside() {
        String out = print(List.of(target("relay", 4_000, 5_000, 6_000), target("mqtt", 90, 100, 110),
                target("herald-memory", 1_000, 2_000, 3_000)));

        assertTrue(out.contains("herald-memory / relay (published msg/s): 0.400"), out);
        assertTrue(out.contains("herald-memory / mqtt (published msg/s): 20.000"), out);
        assertTrue(out.contains("target=herald-memory runs=3 publishers=1 rate=2000 rate_min=1000 rate_max=3000"
                + " lost=0 duplicated=0 reordered=0 relay_rate=5000 ratio=0.400 mqtt_rate=100 mqtt_ratio=20.000 status=OK"), out);
        assertTrue(out.contains("target=mqtt runs=3 publishers=1 rate=100 rate_min=90 rate_max=110"
                + " lost=0 duplicated=0 reordered=0 status=OK"), out);
    }

    @Test
    void givesNoRatioWithoutAReference() {
        String out = print(List.of(target("herald-memory", 1_000)));

        assertTrue(out.contains("target=herald-memory runs=1 publishers=1 rate=1000 lost=0 duplicated=0 reordered=0 status=OK"), out);
        assertFalse(out.contains("ratio"), out);
    }
}
