package dev.herald.broker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.server.admin.BrokerAdmin;
import dev.herald.broker.server.admin.TopicInfo;
import dev.herald.broker.server.spi.OperationsListenerProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The HTTP listener for operations, on the JDK's HTTP server with a virtual thread per
 * exchange. Every answer of {@code /api/} is JSON, in the shapes of {@code docs/operations.md}.
 *
 * <p>Access: with a users file, every path but {@code /health/} needs HTTP Basic credentials
 * of a user marked {@code <user>.admin = true}; without one, only clients on the loopback
 * interface are served.
 */
final class HttpOperations implements OperationsListenerProvider.OperationsListener {

    private static final System.Logger LOG = System.getLogger(HttpOperations.class.getName());
    private static final String JSON = "application/json; charset=utf-8";
    private static final long PUBLISH_TIMEOUT_SECONDS = 10;

    private final InetSocketAddress requested;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Rates rates = new Rates();
    private final Console console = new Console();
    private HttpServer server;
    private ExecutorService exchanges;
    private ScheduledExecutorService sampler;
    private BrokerAdmin broker;

    HttpOperations(InetSocketAddress requested) {
        this.requested = requested;
    }

    @Override
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public void start(BrokerAdmin admin) throws IOException {
        this.broker = admin;
        server = HttpServer.create(requested, 0);
        exchanges = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-http-", 0).factory());
        server.setExecutor(exchanges);
        server.createContext("/", this::handle);
        server.start();
        sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("herald-http-rates")
                .daemon(true).factory());
        sampler.scheduleAtFixedRate(() -> {
            try {
                rates.sample(broker, System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.log(DEBUG, () -> "could not sample the broker's figures: " + e);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (server != null) {
            server.stop(0);
            exchanges.shutdownNow();
        }
        registry.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/health/")) {
                health(exchange, path);
            } else if (allowed(exchange)) {
                route(exchange, path);
            }
        } catch (RuntimeException e) {
            LOG.log(WARNING, "HTTP " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
        }
    }

    /** Whether the client may use this listener; answers 401 or 403 when not. */
    private boolean allowed(HttpExchange exchange) throws IOException {
        if (!broker.requiresAuthentication()) {
            if (exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                return true;
            }
            error(exchange, 403, "without a users file this listener serves the loopback interface only");
            return false;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0 && broker.isAdmin(decoded.substring(0, colon), decoded.substring(colon + 1))) {
                return true;
            }
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Herald\", charset=\"UTF-8\"");
        error(exchange, 401, "an admin user of the users file is required");
        return false;
    }

    private void health(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/health/live" -> send(exchange, 200, JSON, Json.write(Map.of("status", "UP")));
            case "/health/ready" -> {
                boolean ready = broker.ready();
                send(exchange, ready ? 200 : 503, JSON, Json.write(Map.of("status", ready ? "UP" : "DOWN")));
            }
            default -> error(exchange, 404, "no such check: " + path);
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.equals("/metrics")) {
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        } else if (path.equals("/api/overview")) {
            json(exchange, 200, broker.overview());
        } else if (path.equals("/api/sessions")) {
            json(exchange, 200, broker.sessions());
        } else if (path.startsWith("/api/sessions/")) {
            session(exchange, method, path.substring("/api/sessions/".length()));
        } else if (path.equals("/api/topics")) {
            json(exchange, 200, broker.topics().stream().map(this::topic).toList());
        } else if (path.equals("/api/connections")) {
            json(exchange, 200, broker.connections());
        } else if (path.equals("/api/messages")) {
            messages(exchange, method);
        } else if (path.equals("/api/rates")) {
            json(exchange, 200, Map.of("points", rates.series()));
        } else if (!console.serve(exchange, path)) {
            error(exchange, 404, "nothing at " + path);
        }
    }

    /** {@code GET /api/sessions/{id}}, {@code DELETE /api/sessions/{id}}, {@code POST /api/sessions/{id}/disconnect}. */
    private void session(HttpExchange exchange, String method, String rest) throws IOException {
        boolean disconnect = rest.endsWith("/disconnect");
        String clientId = disconnect ? rest.substring(0, rest.length() - "/disconnect".length()) : rest;
        if (disconnect && method.equals("POST")) {
            if (broker.disconnect(clientId)) {
                send(exchange, 204, null, "");
            } else {
                error(exchange, 404, "no session " + clientId + " is online");
            }
        } else if (!disconnect && method.equals("GET")) {
            var found = broker.session(clientId);
            if (found.isPresent()) {
                json(exchange, 200, found.get());
            } else {
                error(exchange, 404, "no session " + clientId);
            }
        } else if (!disconnect && method.equals("DELETE")) {
            switch (broker.deleteSession(clientId)) {
                case DELETED -> send(exchange, 204, null, "");
                case NOT_FOUND -> error(exchange, 404, "no session " + clientId);
                case ONLINE -> error(exchange, 409, "session " + clientId + " is online: disconnect it first");
            }
        } else {
            error(exchange, 405, method + " is not allowed here");
        }
    }

    /** {@code GET /api/messages?topic=T&after=ID}: the tail; {@code POST /api/messages?topic=T}: publish the body. */
    private void messages(HttpExchange exchange, String method) throws IOException {
        Map<String, String> query = query(exchange);
        String topic = query.get("topic");
        if (topic == null || topic.isEmpty()) {
            error(exchange, 400, "give the topic: ?topic=NAME");
            return;
        }
        if (method.equals("GET")) {
            long after;
            try {
                after = Long.parseLong(query.getOrDefault("after", "0"));
            } catch (NumberFormatException e) {
                error(exchange, 400, "after must be a message id");
                return;
            }
            json(exchange, 200, broker.retainedAfter(topic, after));
        } else if (method.equals("POST")) {
            String payload;
            try (InputStream in = exchange.getRequestBody()) {
                payload = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
            publish(exchange, topic, payload);
        } else {
            error(exchange, 405, method + " is not allowed here");
        }
    }

    private void publish(HttpExchange exchange, String topic, String payload) throws IOException {
        try {
            Message m = broker.publish(topic, payload).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            json(exchange, 201, m);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof ProtocolException p) {
                error(exchange, p.code() == ErrorCode.UNKNOWN_TOPIC ? 404 : 403, p.getMessage());
            } else {
                error(exchange, 503, "the store failed: " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            error(exchange, 503, "the store did not answer within " + PUBLISH_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "interrupted");
        }
    }

    /** A topic with its recent publish rate. */
    private Map<String, Object> topic(TopicInfo t) {
        Map<String, Object> topic = Json.fields(t);
        topic.put("publishedPerSecond", rates.topicRate(t.name()));
        return topic;
    }

    // ---- plumbing ----

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, JSON, Json.write(body));
    }

    private static void error(HttpExchange exchange, int status, String text) throws IOException {
        json(exchange, status, Map.of("error", text));
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
