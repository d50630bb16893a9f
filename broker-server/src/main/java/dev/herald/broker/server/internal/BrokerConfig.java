package dev.herald.broker.server.internal;

import dev.herald.broker.model.Durations;

import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.broker.server.HeraldServer.ClientAuth;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated, frozen configuration of one server.
 *
 * @param storeProvider a provider handed in directly, or {@code null} to look {@code storeName} up
 * @param settings      store-specific settings by name without the {@code broker.} prefix
 * @param tlsKeystore   PKCS12 or JKS keystore for TLS, or {@code null} for plain TCP
 * @param usersFile     properties file of users, or {@code null} for no authentication
 * @param metricsTopics how many topics get meters of their own
 * @param sysInterval   how often the {@code $SYS} topics are published; zero: never
 * @param httpPort      the operations listener's port, or -1 for none
 * @param httpHost      the address it binds
 * @param security      the limits on connections that have not logged in, and TLS client checks
 * @param listeners     the listeners ({@code broker.listeners}); empty for the line protocol alone on
 *                      {@code host} and {@code port}, with TLS when a keystore is set
 */
public record BrokerConfig(
        String host,
        int port,
        TopicSet topics,
        String storeName,
        StoreProvider storeProvider,
        int retainedMax,
        Duration offlineTtl,
        int offlineMax,
        Duration sessionExpiry,
        Duration idleTimeout,
        int maxConnections,
        int maxFrame,
        int outboundBuffer,
        Duration slowConsumerTimeout,
        int metricsTopics,
        Duration sysInterval,
        int httpPort,
        String httpHost,
        Path tlsKeystore,
        String tlsKeystorePassword,
        Path usersFile,
        Clock clock,
        Map<String, String> settings,
        Security security,
        List<Listener> listeners) {

    /**
     * What guards the server against peers that have not logged in, and how TLS checks clients.
     *
     * @param connectTimeout               time from accept to a completed TLS handshake and {@code CONN}/{@code RECON}
     * @param maxUnauthenticatedPerAddress connections of one source address that have not logged in, at most
     * @param maxSessionsPerUser           sessions one user (without users: one source address) may hold
     * @param maxTopics                    topics the server holds at once
     * @param tlsClientAuth                whether TLS asks clients for a certificate
     * @param tlsTruststore                the certificates that sign client certificates, or {@code null}
     * @param tlsTruststorePassword        its password, or {@code null}
     */
    public record Security(Duration connectTimeout, int maxUnauthenticatedPerAddress, int maxSessionsPerUser,
                           int maxTopics, ClientAuth tlsClientAuth,
                           Path tlsTruststore, String tlsTruststorePassword) {

        /** The defaults of {@link dev.herald.broker.server.HeraldServer.Builder}. */
        public static final Security DEFAULTS = new Security(
                dev.herald.broker.server.HeraldServer.Builder.DEFAULT_CONNECT_TIMEOUT,
                dev.herald.broker.server.HeraldServer.Builder.DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS,
                dev.herald.broker.server.HeraldServer.Builder.DEFAULT_MAX_SESSIONS_PER_USER,
                dev.herald.broker.server.HeraldServer.Builder.DEFAULT_MAX_TOPICS,
                ClientAuth.NONE, null, null);

        public Security {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(tlsClientAuth, "tlsClientAuth");
        }
    }

    /** A configuration with the default {@link Security}. */
    public BrokerConfig(String host, int port, TopicSet topics, String storeName, StoreProvider storeProvider,
                        int retainedMax, Duration offlineTtl, int offlineMax, Duration sessionExpiry,
                        Duration idleTimeout, int maxConnections, int maxFrame, int outboundBuffer,
                        Duration slowConsumerTimeout, int metricsTopics, Duration sysInterval, int httpPort,
                        String httpHost, Path tlsKeystore, String tlsKeystorePassword, Path usersFile,
                        Clock clock, Map<String, String> settings) {
        this(host, port, topics, storeName, storeProvider, retainedMax, offlineTtl, offlineMax, sessionExpiry,
                idleTimeout, maxConnections, maxFrame, outboundBuffer, slowConsumerTimeout, metricsTopics, sysInterval,
                httpPort, httpHost, tlsKeystore, tlsKeystorePassword, usersFile, clock, settings, Security.DEFAULTS, List.of());
    }

    /** The listeners to open: those given, or the line protocol alone on {@code host} and {@code port}. */
    public List<Listener> effectiveListeners() {
        if (!listeners.isEmpty()) {
            return listeners;
        }
        return List.of(new Listener(tlsKeystore != null ? Listener.HERALDS : Listener.HERALD, host, port));
    }

    public BrokerConfig {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(storeName, "storeName");
        Objects.requireNonNull(offlineTtl, "offlineTtl");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(slowConsumerTimeout, "slowConsumerTimeout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sysInterval, "sysInterval");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(security, "security");
    }

    @Override
    public String toString() {
        return "BrokerConfig[host=" + host + ", port=" + port + ", topics=" + topics + ", store=" + storeName
                + ", retained.max=" + retainedMax + ", offline.ttl=" + Durations.format(offlineTtl)
                + ", offline.max=" + offlineMax + ", session.expiry=" + Durations.format(sessionExpiry)
                + ", idle-timeout=" + Durations.format(idleTimeout) + ", max-connections=" + maxConnections
                + ", max-frame=" + maxFrame + ", outbound-buffer=" + outboundBuffer
                + ", slow-consumer.timeout=" + Durations.format(slowConsumerTimeout)
                + ", metrics.topics=" + metricsTopics + ", sys-interval=" + Durations.format(sysInterval)
                + ", http=" + (httpPort < 0 ? "off" : httpHost + ":" + httpPort)
                + ", tls=" + (tlsKeystore != null) + ", tls.client-auth=" + security.tlsClientAuth()
                + ", users=" + (usersFile != null)
                + ", connect-timeout=" + Durations.format(security.connectTimeout())
                + ", max-unauthenticated-per-address=" + security.maxUnauthenticatedPerAddress() + "]";
    }
}
