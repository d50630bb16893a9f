package dev.herald.bench.load;

import dev.herald.bench.report.Measurement;
import dev.herald.bench.target.RelayTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PubSubRunTest {

    @Test
    void deliversEveryMessageThroughTheRelayAndChecksThem() throws Exception {
        try (RelayTarget relay = RelayTarget.start()) {
            RunSpec spec = new RunSpec(relay.protocol(), "NEWS", 100, 2, 3, 10_000, 0, 1_000);

            Measurement m = PubSubRun.run(relay, spec, Duration.ofSeconds(60), "test", false);

            assertTrue(m.ok(), m.failures() + " " + m.verdict());
            assertEquals(10_000, m.figures().get("msgs"));
            assertEquals(30_000, m.figures().get("deliveries"));
        }
    }
}
