package dev.herald.broker.http;

import dev.herald.broker.model.Message;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.broker.server.Passwd;
import dev.herald.broker.server.admin.BrokerAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operations listener as an operator's tools see it: curl, Prometheus, a probe. */
class HttpOperationsTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private HeraldServer server;
    private Http http;

    @TempDir
    Path dir;

    private void start(UnaryOperator<HeraldServer.Builder> options) throws IOException {
        server = options.apply(HeraldServer.builder().port(0).host("127.0.0.1").httpPort(0)).build().start();
        toClose.add(server);
        http = new Http(server.httpAddress());
    }

    private HeraldClient client(String clientId) {
        HeraldClient c = HeraldClient.builder().host("127.0.0.1").port(server.port()).clientId(clientId).build();
        toClose.add(c);
        c.connect();
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            LockSupport.parkNanos(2_000_000);
        }
    }

    @Test
    void servesTheMetersInThePrometheusTextFormat() throws IOException {
        start(b -> b);
        HeraldClient c = client("reader");
        List<Message> got = new CopyOnWriteArrayList<>();
        c.subscribe("NEWS", got::add);
        c.publish("NEWS", "hello");
        awaitTrue("the message", () -> !got.isEmpty());

        Http.Answer metrics = http.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        for (String line : List.of("herald_messages_published_total{topic=\"NEWS\"} 1.0",
                "herald_messages_delivered_total{topic=\"NEWS\"} 1.0", "herald_connections_open 1.0",
                "herald_sessions{state=\"online\"} 1.0", "herald_subscriptions 1.0")) {
            assertTrue(metrics.body().lines().anyMatch(line::equals), line + " in\n" + metrics.body());
        }
        assertTrue(metrics.body().contains("herald_store_append_seconds_count"), metrics.body());
        assertTrue(metrics.body().contains("herald_bytes_received_bytes_total"), metrics.body());
    }

    @Test
    void isLiveAndReadyWhileTheStoreAnswers() throws IOException {
        start(b -> b);
        assertEquals(new Http.Answer(200, "application/json; charset=utf-8", "{\"status\":\"UP\"}"),
                http.get("/health/live"));
        assertEquals(new Http.Answer(200, "application/json; charset=utf-8", "{\"status\":\"UP\"}"),
                http.get("/health/ready"));
    }

    @Test
    void isNotReadyWhenTheStoreDoesNotAnswer() throws IOException {
        BrokerAdmin storeDown = (BrokerAdmin) Proxy.newProxyInstance(BrokerAdmin.class.getClassLoader(),
                new Class<?>[]{BrokerAdmin.class}, (proxy, method, args) -> method.getReturnType() == boolean.class
                        ? false : null);
        HttpOperations listener = new HttpOperations(new InetSocketAddress("127.0.0.1", 0));
        toClose.add(listener);
        listener.start(storeDown);
        Http.Answer ready = new Http(listener.address()).get("/health/ready");
        assertEquals(503, ready.status());
        assertEquals("{\"status\":\"DOWN\"}", ready.body());
    }

    @Test
    void listsAndInspectsSessionsTopicsAndConnections() throws IOException {
        start(b -> b.sysInterval(Duration.ZERO));
        HeraldClient c = client("reader");
        c.subscribe("NEWS", m -> { });
        c.publish("NEWS", "hello");

        Http.Answer sessions = http.get("/api/sessions");
        assertEquals(200, sessions.status());
        assertEquals("[{\"clientId\":\"reader\",\"online\":true,\"offlineSince\":null,\"subscriptions\":[\"NEWS\"],"
                + "\"queueDepth\":0,\"connectionId\":1}]", sessions.body());
        assertEquals("{\"clientId\":\"reader\",\"online\":true,\"offlineSince\":null,\"subscriptions\":[\"NEWS\"],"
                + "\"queueDepth\":0,\"connectionId\":1}", http.get("/api/sessions/reader").body());
        assertEquals(404, http.get("/api/sessions/nobody").status());
        assertTrue(http.get("/api/topics").body().startsWith("[{\"name\":\"NEWS\",\"subscribers\":1,\"retained\":1,"
                + "\"published\":1,\"delivered\":1,\"queued\":0,\"publishedPerSecond\":"), http.get("/api/topics").body());
        assertTrue(http.get("/api/connections").body().matches(
                "\\[\\{\"id\":1,\"remoteAddress\":\"/127\\.0\\.0\\.1:\\d+\",\"clientId\":\"reader\",\"user\":null}]"),
                http.get("/api/connections").body());
        assertTrue(http.get("/api/overview").body().contains("\"sessionsOnline\":1,\"sessionsOffline\":0,"
                + "\"subscriptions\":1,\"messagesPublished\":1,\"messagesSent\":1,"), http.get("/api/overview").body());
    }

    @Test
    void disconnectsASessionAndDeletesItOnceOffline() throws IOException {
        start(b -> b);
        HeraldClient c = client("reader");
        c.subscribe("NEWS", m -> { });

        assertEquals(409, http.send("DELETE", "/api/sessions/reader", null).status());
        assertEquals(204, http.send("POST", "/api/sessions/reader/disconnect", null).status());
        awaitTrue("the session offline", () -> {
            try {
                return http.get("/api/sessions/reader").body().contains("\"online\":false");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(404, http.send("POST", "/api/sessions/reader/disconnect", null).status());
        assertEquals(204, http.send("DELETE", "/api/sessions/reader", null).status());
        assertEquals("[]", http.get("/api/sessions").body());
        assertEquals(404, http.send("DELETE", "/api/sessions/reader", null).status());
    }

    @Test
    void publishesToATopicAndShowsItsTail() throws IOException {
        start(b -> b.sysInterval(Duration.ZERO));
        HeraldClient c = client("reader");
        List<Message> got = new CopyOnWriteArrayList<>();
        c.subscribe("NEWS", got::add);

        Http.Answer published = http.send("POST", "/api/messages?topic=NEWS", "from the console\nline two");
        assertEquals(201, published.status());
        assertTrue(published.body().startsWith("{\"id\":1,\"topic\":\"NEWS\",\"publishedAt\":"), published.body());
        awaitTrue("the message", () -> !got.isEmpty());
        assertEquals("from the console\nline two", got.getFirst().payload());

        c.publish("NEWS", "second");
        String tail = http.get("/api/messages?topic=NEWS&after=1").body();
        assertTrue(tail.matches("\\[\\{\"id\":2,\"topic\":\"NEWS\",\"publishedAt\":\\d+,\"payload\":\"second\"}]"), tail);
        assertEquals(404, http.send("POST", "/api/messages?topic=SPORTS", "x").status());
        assertEquals(403, http.send("POST", "/api/messages?topic=%24SYS/broker/uptime", "x").status());
    }

    @Test
    void withAUsersFileLetsOnlyItsAdminsIn() throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "alice = " + Passwd.hash("wonderland".toCharArray()) + "\nalice.admin = true\n"
                + "bob = " + Passwd.hash("builder".toCharArray()) + "\n");
        start(b -> b.users(users));

        assertEquals(401, http.get("/api/sessions").status());
        assertEquals(401, http.get("/metrics").status());
        assertEquals(401, http.as("bob", "builder").get("/api/sessions").status());
        assertEquals(401, http.as("alice", "wrong").get("/api/sessions").status());
        assertEquals(200, http.as("alice", "wonderland").get("/api/sessions").status());
        assertEquals(200, new Http(server.httpAddress()).get("/health/ready").status(), "probes need no user");
    }

    @Test
    void servesTheConsoleFromItsOwnFilesOnly() throws IOException {
        start(b -> b);
        Http.Answer page = http.get("/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("<script src=\"console.js\">"), page.body());
        for (String file : List.of("/", "/console.js", "/console.css")) {
            Http.Answer answer = http.get(file);
            assertEquals(200, answer.status(), file);
            assertTrue(!answer.body().contains("http://") && !answer.body().contains("https://"),
                    file + " loads nothing from elsewhere");
        }
        assertEquals(404, http.get("/nothing.js").status());
    }
}
