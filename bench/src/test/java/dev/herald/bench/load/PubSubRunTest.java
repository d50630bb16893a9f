package dev.herald.bench.load;

import dev.herald.bench.report.Measurement;
import dev.herald.bench.target.HeraldTarget;
import dev.herald.bench.target.MqttTarget;
import dev.herald.bench.target.RelayTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

            assertDeliveredEveryMessage(PubSubRun.run(relay, spec, Duration.ofSeconds(60), "test", false));
        }
    }

    /**
     * Against a real MQTT broker: the one at {@code HERALD_TEST_MQTT} ({@code host:port}),
     * by default a Mosquitto on 127.0.0.1:1883; skipped when none answers there.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void deliversEveryMessageThroughAnMqttBrokerAndChecksThem(int level) throws Exception {
        String broker = System.getenv().getOrDefault("HERALD_TEST_MQTT", "127.0.0.1:1883");
        MqttTarget mqtt = MqttTarget.external(broker, -1, Protocol.mqtt(1, level));
        assumeTrue(accepts(mqtt), "no MQTT broker at " + broker);
        RunSpec spec = new RunSpec(mqtt.protocol(), "herald/bench/test", 100, 2, 3, 10_000, 0, 1_000);

        assertDeliveredEveryMessage(PubSubRun.run(mqtt, spec, Duration.ofSeconds(60), "test", false));
    }

    @ParameterizedTest
    @CsvSource({"0, 4", "1, 4", "0, 5", "1, 5"})
    void deliversEveryMessageThroughHeraldsMqttListenerAtEitherQosAndVersion(int qos, int level) throws Exception {
        try (var herald = HeraldTarget.start(new HeraldTarget.InProcess(
                "memory", null, 1 << 20, 10_000, false, false, Protocol.mqtt(qos, level), 0))) {
            // A window above the listener's Receive Maximum (1,024), which a 5.0 publisher keeps to.
            RunSpec spec = new RunSpec(herald.protocol(), "herald/bench/test", 100, 2, 3, 10_000, 0, 5_000);

            Measurement m = PubSubRun.run(herald, spec, Duration.ofSeconds(60), "test", false);

            assertDeliveredEveryMessage(m);
            if (level == 5 && qos == 1) {
                assertEquals(1_024, m.figures().get("mqtt_window"));
            }
        }
    }

    private static void assertDeliveredEveryMessage(Measurement m) {
        assertTrue(m.ok(), m.failures() + " " + m.verdict());
        assertEquals(10_000, m.figures().get("msgs"));
        assertEquals(30_000, m.figures().get("deliveries"));
    }

    private static boolean accepts(MqttTarget target) {
        try (Socket socket = new Socket()) {
            socket.connect(target.address(), 1_000);
            socket.setSoTimeout(1_000);
            int level = target.protocol().mqttLevel();
            socket.getOutputStream().write(Mqtt.connect("herald-bench-probe", level));
            LineInput in = new LineInput(socket.getInputStream(), 64);
            Mqtt.connack(in, Deadline.in(Duration.ofSeconds(2)), level, "CONNECT");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
