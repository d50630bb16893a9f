package dev.herald.broker.server;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server run alone as a program: ready line, an nc-style session, SIGTERM. */
class StandaloneServerTest {

    private static final Pattern READY = Pattern.compile("ready on \\S+:(\\d+)");

    private static Process launch(String... properties) throws IOException {
        return Programs.start("dev.herald.broker.server.HeraldServer", List.of(properties));
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, Pattern pattern, List<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
        }
        return null;
    }

    @Test
    void runsAloneAnswersAnNcSessionAndStopsCleanlyOnSigterm() throws Exception {
        Process server = launch("-Dbroker.port=0", "-Dbroker.host=127.0.0.1");
        try {
            BlockingQueue<String> output = lines(server);
            List<String> seen = new ArrayList<>();
            String ready = awaitLine(output, READY, seen);
            assertNotNull(ready, "no ready line; output: " + seen);
            assertTrue(ready.contains("store memory"), ready);
            Matcher m = READY.matcher(ready);
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));

            try (LineClient c = LineClient.connect(port)) {
                c.send("CONN publisher-1").expect("CONN_ACK NEW 0");
                c.send("PUB WEATHER It is sunny today").expect("PUB_ACK WEATHER 1");
                c.send("PUB SPORTS Football update").expect("ERR UNKNOWN_TOPIC no such topic: SPORTS");
                c.send("DISC").expect("DISC_ACK");
                c.expectClosed();
            }
            server.toHandle().destroy(); // SIGTERM, keeping our end of its output open (Process.destroy closes it)
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
            assertNotNull(awaitLine(output, Pattern.compile("Herald stopped"), seen),
                    "exit " + server.exitValue() + ", output: " + seen);
            assertTrue(seen.stream().noneMatch(l -> l.contains("WARNING") || l.contains("SEVERE")), "no stray warnings: " + seen);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void refusesToStartWithAMisspeltOptionNamingTheNearestKnownOne() throws Exception {
        Process server = launch("-Dbroker.port=0", "-Dbroker.host=127.0.0.1", "-Dbroker.idle-timout=5s");
        try {
            BlockingQueue<String> output = lines(server);
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, server.exitValue());
            List<String> seen = new ArrayList<>();
            assertNotNull(awaitLine(output, Pattern.compile("broker\\.idle-timout.*broker\\.idle-timeout"), seen),
                    "output: " + seen);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void refusesToStartWithABadOptionNamingIt() throws Exception {
        Process server = launch("-Dbroker.offline.ttl=soon");
        try {
            BlockingQueue<String> output = lines(server);
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, server.exitValue());
            List<String> seen = new ArrayList<>();
            assertNotNull(awaitLine(output, Pattern.compile("broker\\.offline\\.ttl"), seen), "output: " + seen);
        } finally {
            server.destroyForcibly();
        }
    }
}
