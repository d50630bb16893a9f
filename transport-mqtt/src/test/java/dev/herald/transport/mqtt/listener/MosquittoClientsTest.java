package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Herald's MQTT listener with Mosquitto's command-line clients, {@code mosquitto_sub} and
 * {@code mosquitto_pub}, where they are installed (the test is skipped elsewhere).
 */
class MosquittoClientsTest {

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "finished within 20 s: " + command);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " said: " + output);
        return output;
    }

    private static void linePub(int port, String topic, String payload) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("CONN line-pub\nPUB " + topic + " " + payload + "\nDISC\n")
                    .getBytes(StandardCharsets.UTF_8));
            String replies = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(replies.contains("PUB_ACK " + topic), replies);
        }
    }

    @Test
    void aPersistentMosquittoSubGetsAfterReconnectingWhatMosquittoPubAndALinePubSentWhileItWasAway() throws Exception {
        Optional<Path> sub = onPath("mosquitto_sub");
        Optional<Path> pub = onPath("mosquitto_pub");
        assumeTrue(sub.isPresent() && pub.isPresent(), "mosquitto_sub and mosquitto_pub are not installed");
        try (MqttServer server = MqttServer.start()) {
            String port = String.valueOf(server.mqttPort());
            List<String> subscribe = List.of(sub.get().toString(), "-h", "127.0.0.1", "-p", port, "-c", "-i", "keeper",
                    "-q", "1", "-t", "sensors/#", "-v", "-W", "15");
            // the first run makes the persistent session and its subscription, and leaves after one message
            Process first = new ProcessBuilder(withCount(subscribe, 1)).redirectErrorStream(true).start();
            try {
                Await.until("mosquitto_sub is subscribed", () -> server.server.admin().sessions().stream()
                        .anyMatch(s -> s.clientId().equals("keeper") && s.subscriptions().contains("sensors/#")));
                run(List.of(pub.get().toString(), "-h", "127.0.0.1", "-p", port, "-t", "sensors/first", "-q", "1",
                        "-m", "first"));
                assertTrue(first.waitFor(20, TimeUnit.SECONDS), "the first mosquitto_sub left after its message");
            } finally {
                first.destroyForcibly();
            }
            Await.until("the session is offline", () -> server.server.admin().sessions().stream()
                    .anyMatch(s -> s.clientId().equals("keeper") && !s.online()));
            run(List.of(pub.get().toString(), "-h", "127.0.0.1", "-p", port, "-t", "sensors/from-mqtt", "-q", "1",
                    "-m", "published with mosquitto_pub"));
            linePub(server.linePort(), "sensors/from-line", "published with the line protocol");

            String output = run(withCount(subscribe, 2));
            assertTrue(output.contains("sensors/from-mqtt published with mosquitto_pub"), output);
            assertTrue(output.contains("sensors/from-line published with the line protocol"), output);
        }
    }

    private static List<String> withCount(List<String> command, int count) {
        List<String> c = new ArrayList<>(command);
        c.addAll(List.of("-C", String.valueOf(count)));
        return c;
    }

    @Test
    void mosquittoSubReceivesWhatMosquittoPubPublishes() throws Exception {
        Optional<Path> sub = onPath("mosquitto_sub");
        Optional<Path> pub = onPath("mosquitto_pub");
        assumeTrue(sub.isPresent() && pub.isPresent(), "mosquitto_sub and mosquitto_pub are not installed");
        try (MqttServer server = MqttServer.start()) {
            String port = String.valueOf(server.mqttPort());
            // a retained message first, so that mosquitto_sub finds it as soon as it subscribes
            run(List.of(pub.get().toString(), "-h", "127.0.0.1", "-p", port, "-t", "greetings/en", "-q", "1", "-r",
                    "-m", "hello from mosquitto_pub"));
            List<String> command = new ArrayList<>(List.of(sub.get().toString(), "-h", "127.0.0.1", "-p", port,
                    "-t", "greetings/#", "-q", "1", "-C", "2", "-v", "-W", "15"));
            Process subscriber = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                // the second message goes live; mosquitto_sub may not be subscribed yet, so retain it too
                run(List.of(pub.get().toString(), "-h", "127.0.0.1", "-p", port, "-t", "greetings/fr", "-q", "2", "-r",
                        "-m", "bonjour"));
                assertTrue(subscriber.waitFor(20, TimeUnit.SECONDS), "mosquitto_sub got its 2 messages");
                String output = new String(subscriber.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(output.contains("greetings/en hello from mosquitto_pub"), output);
                assertTrue(output.contains("greetings/fr bonjour"), output);
                assertEquals(0, subscriber.exitValue(), output);
            } finally {
                subscriber.destroyForcibly();
            }
        }
    }

    @Test
    void mqtt5MosquittoClientsExchangeMessagesWithTheirPropertiesIntact() throws Exception {
        Optional<Path> sub = onPath("mosquitto_sub");
        Optional<Path> pub = onPath("mosquitto_pub");
        assumeTrue(sub.isPresent() && pub.isPresent(), "mosquitto_sub and mosquitto_pub are not installed");
        try (MqttServer server = MqttServer.start()) {
            String port = String.valueOf(server.mqttPort());
            List<String> subscribe = List.of(sub.get().toString(), "-V", "mqttv5", "-h", "127.0.0.1", "-p", port,
                    "-i", "v5-sub", "-q", "1", "-t", "sensors/#", "-C", "2", "-W", "15", "-F", "%t|%p|%P|%C|%r");
            Process subscriber = new ProcessBuilder(subscribe).redirectErrorStream(true).start();
            try {
                Await.until("mosquitto_sub is subscribed", () -> server.server.admin().sessions().stream()
                        .anyMatch(s -> s.clientId().equals("v5-sub") && s.subscriptions().contains("sensors/#")));
                run(List.of(pub.get().toString(), "-V", "mqttv5", "-h", "127.0.0.1", "-p", port, "-q", "1",
                        "-t", "sensors/kitchen", "-m", "21.5", "-D", "publish", "user-property", "unit", "celsius",
                        "-D", "publish", "user-property", "room", "kitchen", "-D", "publish", "content-type", "text/plain"));
                // a 3.1.1 publisher's message reaches the 5.0 subscriber too, without properties
                run(List.of(pub.get().toString(), "-h", "127.0.0.1", "-p", port, "-q", "1", "-t", "sensors/hall",
                        "-m", "19"));
                assertTrue(subscriber.waitFor(20, TimeUnit.SECONDS), "mosquitto_sub got its 2 messages");
                String output = new String(subscriber.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(output.contains("sensors/kitchen|21.5|unit:celsius room:kitchen|text/plain|0"), output);
                assertTrue(output.contains("sensors/hall|19|||0"), output);
                assertEquals(0, subscriber.exitValue(), output);
            } finally {
                subscriber.destroyForcibly();
            }
        }
    }
}
