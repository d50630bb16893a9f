import dev.herald.broker.server.spi.OperationsListenerProvider;

/**
 * The operations listener of a Herald broker, on the JDK's HTTP server: {@code /metrics} in
 * the Prometheus text format, {@code /health/live} and {@code /health/ready}, a JSON admin
 * API under {@code /api/}, and the web console at {@code /}. On the module path, it is
 * started when {@code broker.http.port} is set.
 *
 * @provides OperationsListenerProvider the HTTP listener
 */
module dev.herald.broker.http {
    requires dev.herald.broker.server;
    requires jdk.httpserver;
    requires micrometer.core;
    requires micrometer.registry.prometheus;

    provides OperationsListenerProvider with dev.herald.broker.http.HttpOperationsProvider;
}
