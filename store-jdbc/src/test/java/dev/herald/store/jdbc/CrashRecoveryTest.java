package dev.herald.store.jdbc;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/**
 * The whole broker on the JDBC store, killed with SIGKILL after acknowledging messages and
 * started again on the same database: every acknowledged message is in its topic's history
 * and in the queue of the subscriber that was offline, and the session that was online can
 * resume.
 */
class CrashRecoveryTest {

    private static final Pattern READY = Pattern.compile("ready on \\S+:(\\d+)");
    private static final int MESSAGES = 500;

    @Test
    void keepsEveryAcknowledgedMessageAcrossAKillOnH2(@TempDir Path dir) throws Exception {
        crashAndRecover("jdbc:h2:file:" + dir.resolve("herald").toAbsolutePath());
    }

    @Test
    void keepsEveryAcknowledgedMessageAcrossAKillOnPostgres() throws Exception {
        Assumptions.assumeTrue(PostgresDatabase.baseUrl().isPresent(), PostgresDatabase::unavailableReason);
        try (PostgresDatabase.Schema schema = PostgresDatabase.freshSchema()) {
            crashAndRecover(schema.url());
        }
    }

    private void crashAndRecover(String url) throws Exception {
        Broker first = Broker.start(url);
        try {
            try (Line offline = first.connect()) {
                offline.call("CONN away", "CONN_ACK NEW 0");
                offline.call("SUB NEWS", "SUB_ACK NEWS 0");
                offline.call("DISC", "DISC_ACK");
            }
            Line online = first.connect();
            online.call("CONN present", "CONN_ACK NEW 0");
            online.call("SUB NEWS", "SUB_ACK NEWS 0");

            Line publisher = first.connect();
            publisher.call("CONN publisher", "CONN_ACK NEW 0");
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= MESSAGES; i++) {
                burst.append("PUB NEWS message ").append(i).append('\n');
            }
            publisher.sendRaw(burst.toString());
            for (int i = 1; i <= MESSAGES; i++) {
                assertEquals("PUB_ACK NEWS " + i, publisher.next());
            }
        } finally {
            first.kill();
        }

        Broker second = Broker.start(url);
        try (Line reader = second.connect(); Line away = second.connect(); Line present = second.connect()) {
            reader.call("CONN reader", "CONN_ACK NEW 0");
            reader.call("SUB NEWS", "SUB_ACK NEWS " + MESSAGES);
            for (int i = 1; i <= MESSAGES; i++) {
                assertTrue(reader.next().matches("MSG NEWS " + i + " \\d+ message " + i));
            }

            away.call("RECON away", "CONN_ACK RESUMED " + MESSAGES);
            for (int i = 1; i <= MESSAGES; i++) {
                assertTrue(away.next().matches("MSG NEWS " + i + " \\d+ message " + i), "queued, in order, once");
            }
            away.call("PING", "PONG");

            present.call("RECON present", "CONN_ACK RESUMED 0");
            reader.call("PUB NEWS after the crash", "MSG NEWS " + (MESSAGES + 1) + " ");
            assertTrue(present.next().startsWith("MSG NEWS " + (MESSAGES + 1) + " "), "ids go on increasing");
        } finally {
            second.stop();
        }
    }

    /** A broker process. */
    private record Broker(Process process, int port, BlockingQueue<String> output) {

        static Broker start(String url) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> path = new ArrayList<>();
            for (String p : new String[] {System.getProperty("jdk.module.path"), System.getProperty("java.class.path")}) {
                if (p != null && !p.isBlank()) {
                    path.add(p);
                }
            }
            Process process = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, path),
                    "-Dbroker.port=0", "-Dbroker.host=127.0.0.1", "-Dbroker.store=jdbc", "-Dbroker.jdbc.url=" + url,
                    "dev.herald.broker.server.HeraldServer").redirectErrorStream(true).start();
            BlockingQueue<String> output = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon(true).start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        output.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = output.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive()) {
                        break;
                    }
                    continue;
                }
                seen.add(line);
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    return new Broker(process, Integer.parseInt(m.group(1)), output);
                }
            }
            process.destroyForcibly();
            throw new AssertionError("the broker did not start: " + seen);
        }

        Line connect() throws IOException {
            return new Line(new Socket("127.0.0.1", port));
        }

        void kill() throws InterruptedException {
            process.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }

        void stop() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A line client. */
    private static final class Line implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Line(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(30_000);
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void sendRaw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Sends a frame and expects a reply starting with {@code expected}. */
        void call(String frame, String expected) throws IOException {
            sendRaw(frame + "\n");
            String reply = next();
            assertTrue(reply.startsWith(expected), () -> "sent '" + frame + "', expected '" + expected + "', got '" + reply + "'");
        }

        String next() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            while ((b = in.read()) >= 0 && b != '\n') {
                bytes.write(b);
            }
            assertNotNull(b >= 0 ? "" : null, "the broker closed the connection");
            line.append(bytes.toString(StandardCharsets.UTF_8));
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
