package dev.herald.bench.load;

import dev.herald.bench.report.Measurement;
import dev.herald.bench.target.MqttTarget;
import dev.herald.bench.target.RelayTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /**
     * Against a real MQTT broker: the one at {@code HERALD_TEST_MQTT} ({@code host:port}),
     * by default a Mosquitto on 127.0.0.1:1883; skipped when none answers there.
     */
    @Test
    void deliversEveryMessageThroughAnMqttBrokerAndChecksThem() throws Exception {
        String broker = System.getenv().getOrDefault("HERALD_TEST_MQTT", "127.0.0.1:1883");
        MqttTarget mqtt = MqttTarget.external(broker, -1, Protocol.MQTT);
        assumeTrue(accepts(mqtt), "no MQTT broker at " + broker);
        RunSpec spec = new RunSpec(mqtt.protocol(), "herald/bench/test", 100, 2, 3, 10_000, 0, 1_000);

        Measurement m = PubSubRun.run(mqtt, spec, Duration.ofSeconds(60), "test", false);

        assertTrue(m.ok(), m.failures() + " " + m.verdict());
        assertEquals(10_000, m.figures().get("msgs"));
        assertEquals(30_000, m.figures().get("deliveries"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
    void deliversEveryMessageThroughHeraldsMqttListenerAtEitherQos(int qos) throws Exception {
        try (var herald = dev.herald.bench.target.HeraldTarget.start(new dev.herald.bench.target.HeraldTarget.InProcess(
                "memory", null, 1 << 20, 10_000, false, false, Protocol.mqtt(qos), 0))) {
            RunSpec spec = new RunSpec(herald.protocol(), "herald/bench/test", 100, 2, 3, 10_000, 0, 1_000);

            Measurement m = PubSubRun.run(herald, spec, Duration.ofSeconds(60), "test", false);

            assertTrue(m.ok(), m.failures() + " " + m.verdict());
            assertEquals(10_000, m.figures().get("msgs"));
            assertEquals(30_000, m.figures().get("deliveries"));
        }
    }

    private static boolean accepts(MqttTarget target) {
        try (Socket socket = new Socket()) {
            socket.connect(target.address(), 1_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(Mqtt.connect("herald-bench-probe"));
            LineInput in = new LineInput(socket.getInputStream(), 64);
            Mqtt.expect(in, Deadline.in(Duration.ofSeconds(2)), Mqtt.CONNACK, 1, "CONNECT");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
