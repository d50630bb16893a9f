package dev.herald.broker.server;

import dev.herald.broker.api.spi.Providers;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.broker.api.spi.Transport;
import dev.herald.broker.api.spi.TransportContext;
import dev.herald.broker.api.spi.TransportProvider;
import dev.herald.broker.server.internal.Broker;
import dev.herald.broker.server.internal.BrokerConfig;
import dev.herald.broker.server.internal.KnownOptions;
import dev.herald.broker.server.internal.BrokerMetrics;
import dev.herald.broker.server.internal.MicrometerMetrics;
import dev.herald.broker.server.internal.SysTopics;
import dev.herald.broker.server.internal.Admin;
import dev.herald.broker.server.admin.BrokerAdmin;
import dev.herald.broker.server.spi.OperationsListenerProvider;
import io.micrometer.core.instrument.MeterRegistry;
import dev.herald.broker.model.Durations;
import dev.herald.broker.server.internal.Tls;
import dev.herald.broker.server.internal.ProtocolProvider;
import dev.herald.broker.server.internal.Protocol;
import dev.herald.broker.server.line.LineProtocol;
import dev.herald.broker.server.internal.Listener;
import dev.herald.broker.server.internal.TopicSet;
import dev.herald.broker.server.websocket.WebSocketProtocol;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

/**
 * A Herald broker: embed it in a program or a test, or run it alone with
 * {@code java -p <modules> -m dev.herald.broker.server}.
 *
 * <pre>{@code
 * try (HeraldServer server = HeraldServer.builder().port(0).build().start()) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * Every option is a method of {@link Builder} and a {@code broker.*} system property read by
 * {@link #fromSystemProperties()}; see {@link Builder} for names and defaults.
 */
public final class HeraldServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HeraldServer.class.getName());
    /** Held so that its level, set by {@link #main}, is not lost to garbage collection. */
    private static final java.util.logging.Logger POOL_LOGGER = java.util.logging.Logger.getLogger("com.zaxxer.hikari");

    private final BrokerConfig config;
    /** The embedding program's registry, or null; typed loosely so that Micrometer stays optional. */
    private final MeterRegistry meterRegistry;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private Broker broker;
    private SysTopics sysTopics;
    private Admin admin;
    private OperationsListenerProvider.OperationsListener operations;
    /** The started transports, one per listener, in the order of the listeners. */
    private final List<Transport> transports = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private String storeName;
    private boolean closed;

    HeraldServer(BrokerConfig config, MeterRegistry meterRegistry) {
        this.config = config;
        this.meterRegistry = meterRegistry;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder filled from the {@code broker.*} system properties. */
    public static Builder fromSystemProperties() {
        return Builder.fromProperties(System.getProperties());
    }

    /**
     * Opens the store, binds the port and starts accepting connections.
     *
     * @return this server
     * @throws IOException                 when the port cannot be bound
     * @throws IllegalArgumentException    when the store or transport cannot be found, or a setting is invalid
     * @throws dev.herald.broker.api.spi.StoreException when the store cannot be opened
     */
    public synchronized HeraldServer start() throws IOException {
        if (broker != null || closed) {
            throw new IllegalStateException("a server starts once");
        }
        StoreProvider provider = config.storeProvider() != null ? config.storeProvider()
                : Providers.select("store", "broker.store", config.storeName(), ServiceLoader.load(StoreProvider.class));
        KnownOptions.check(config.settings().keySet(), Builder.SERVER_OPTIONS, provider, ServiceLoader.load(StoreProvider.class));
        storeName = provider.name();
        OperationsListenerProvider.OperationsListener listener = config.httpPort() < 0 ? null
                : ServiceLoader.load(OperationsListenerProvider.class).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("broker.http.port is set but the module "
                        + "dev.herald.broker.http (artifact broker-http) is missing"))
                .create(new InetSocketAddress(config.httpHost(), config.httpPort()));
        BrokerMetrics metrics = metrics(listener);
        Store store;
        try {
            store = provider.open(new StoreContext(config.clock(), config.retainedMax(), config.offlineMax(),
                    config.settings()::get, metrics));
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        Broker engine;
        try {
            engine = new Broker(config, store, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            store.close();
            throw e;
        }
        try {
            BrokerConfig.Security security = config.security();
            Optional<SSLContext> tls = config.tlsKeystore() == null ? Optional.empty()
                    : Optional.of(Tls.serverContext(config.tlsKeystore(), config.tlsKeystorePassword(),
                            security.tlsTruststore(), security.tlsTruststorePassword()));
            TransportProvider transportProvider = Providers.select("transport", "broker.transport",
                    config.settings().getOrDefault("transport", "tcp"), ServiceLoader.load(TransportProvider.class));
            Map<String, Protocol> protocols = protocols(engine);
            for (Listener l : config.effectiveListeners()) {
                Protocol protocol = protocols.get(l.scheme()) instanceof WebSocketProtocol webSocket
                        ? webSocket.at(l.path()) : protocols.get(l.scheme());
                if (l.secure() && tls.isEmpty()) {
                    throw new IllegalArgumentException("the listener " + l + " needs TLS: set broker.tls.keystore");
                }
                Optional<SSLContext> listenerTls = l.secure() ? tls : Optional.empty();
                Transport transport = transportProvider.create(new TransportContext(l.host(), l.port(), listenerTls,
                        connection -> engine.accept(connection, protocol),
                        listenerTls.map(context -> Tls.parameters(context, security.tlsClientAuth()))));
                transports.add(transport);
                transport.start();
                listeners.add(l.withPort(transport.localAddress().getPort()));
            }
        } catch (IOException | RuntimeException e) {
            transports.forEach(Transport::close);
            transports.clear();
            listeners.clear();
            engine.close();
            throw e;
        }
        broker = engine;
        admin = new Admin(engine, version());
        if (!config.sysInterval().isZero()) {
            sysTopics = SysTopics.start(engine, config.clock(), config.sysInterval(), version());
        }
        if (listener != null) {
            try {
                listener.start(admin);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            operations = listener;
            LOG.log(INFO, "operations listener on http://{0}:{1,number,#}/", config.httpHost(),
                    listener.address().getPort());
        }
        Listener first = listeners.getFirst();
        LOG.log(INFO, "Herald ready on {0}:{1,number,#} (store {2}{3}){4}", first.host(), first.port(), storeName,
                !first.secure() ? ""
                        : config.security().tlsClientAuth() == ClientAuth.NEED ? ", TLS with client certificates" : ", TLS",
                config.listeners().isEmpty() ? "" : "; listeners " + listeners.stream().map(Listener::toString)
                        .collect(java.util.stream.Collectors.joining(", ")));
        return this;
    }

    /**
     * The protocols by scheme: the line protocol, each protocol module's, and for {@code ws}
     * and {@code wss} the first of those that WebSocket carries, in WebSocket frames (at
     * {@link Listener#DEFAULT_WEBSOCKET_PATH}; each listener moves it to its own path). A
     * listener whose scheme none serves is an error.
     */
    private Map<String, Protocol> protocols(Broker engine) {
        Map<String, Protocol> protocols = new java.util.HashMap<>();
        Protocol line = new LineProtocol(config.maxFrame());
        protocols.put(Listener.HERALD, line);
        protocols.put(Listener.HERALDS, line);
        List<Listener> wanted = config.effectiveListeners();
        for (ProtocolProvider provider : ServiceLoader.load(ProtocolProvider.class)) {
            String subprotocol = provider.webSocketSubprotocol();
            boolean webSocket = subprotocol != null && !protocols.containsKey(Listener.WS)
                    && wanted.stream().anyMatch(Listener::webSocket);
            if (webSocket || wanted.stream().anyMatch(l -> l.scheme().equals(provider.scheme())
                    || l.scheme().equals(provider.secureScheme()))) {
                Protocol protocol = provider.create(engine);
                protocols.putIfAbsent(provider.scheme(), protocol);
                protocols.putIfAbsent(provider.secureScheme(), protocol);
                if (webSocket) {
                    Protocol carrier = new WebSocketProtocol(protocol, subprotocol, Listener.DEFAULT_WEBSOCKET_PATH,
                            config.maxFrame());
                    protocols.put(Listener.WS, carrier);
                    protocols.put(Listener.WSS, carrier);
                }
            }
        }
        for (Listener l : wanted) {
            if (!protocols.containsKey(l.scheme())) {
                throw new IllegalArgumentException("broker.listeners: no protocol serves " + l.scheme() + "://"
                        + (l.scheme().startsWith("mqtt") || l.webSocket()
                        ? " (add the module dev.herald.transport.mqtt, artifact transport-mqtt)"
                        : " (the schemes are herald, heralds, mqtt, mqtts, ws and wss)"));
            }
        }
        return protocols;
    }

    /**
     * The meters go to the program's registry and to the operations listener's, or nowhere.
     * Micrometer's types appear here only in calls, so that without a registry it is not loaded.
     */
    private BrokerMetrics metrics(OperationsListenerProvider.OperationsListener listener) {
        if (listener == null && meterRegistry == null) {
            return BrokerMetrics.NONE;
        }
        return MicrometerMetrics.of(meterRegistry, listener == null ? null : listener.meterRegistry(),
                config.metricsTopics());
    }

    /** The running broker as its operators see it: figures, sessions, topics, and their actions. */
    public synchronized BrokerAdmin admin() {
        if (admin == null) {
            throw new IllegalStateException("the server is not started");
        }
        return admin;
    }

    /** The address of the operations listener ({@code broker.http.port}). */
    public synchronized InetSocketAddress httpAddress() {
        if (operations == null) {
            throw new IllegalStateException("the operations listener is not running (set broker.http.port)");
        }
        return operations.address();
    }

    /** Herald's version, from its module (unknown when run from classes without one). */
    static String version() {
        ModuleDescriptor module = HeraldServer.class.getModule().getDescriptor();
        return module == null ? "unknown" : module.rawVersion().orElse("unknown");
    }

    /** The bound port: the real one when port 0 was asked for. */
    public int port() {
        return address().getPort();
    }

    /** Whether the server is started and not closed. */
    public synchronized boolean running() {
        return broker != null && !closed;
    }

    /** The bound address of the first listener. */
    public synchronized InetSocketAddress address() {
        if (transports.isEmpty()) {
            throw new IllegalStateException("the server is not started");
        }
        return transports.getFirst().localAddress();
    }

    /**
     * The bound port of the first listener of a scheme ({@code herald}, {@code heralds},
     * {@code mqtt}, {@code mqtts}, {@code ws}, {@code wss}): the real one when port 0 was asked for.
     *
     * @throws IllegalArgumentException when the server has no such listener
     */
    public synchronized int port(String scheme) {
        if (transports.isEmpty()) {
            throw new IllegalStateException("the server is not started");
        }
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).scheme().equals(scheme)) {
                return transports.get(i).localAddress().getPort();
            }
        }
        throw new IllegalArgumentException("the server has no " + scheme + ":// listener; it has " + listeners);
    }

    /**
     * The listeners, each with its bound port, as {@code scheme://host:port} (and the path of
     * a WebSocket listener: {@code ws://host:port/mqtt}), in the order given.
     */
    public synchronized List<String> listeners() {
        return listeners.stream().map(Listener::toString).toList();
    }

    /** The name of the store in use ({@code memory}, {@code jdbc}, ...). */
    public synchronized String storeName() {
        return storeName != null ? storeName : config.storeName();
    }

    /** How long an offline session's queued messages stay deliverable. */
    public Duration offlineTtl() {
        return config.offlineTtl();
    }

    /** Connections being served now. */
    public synchronized int connectionCount() {
        return broker == null ? 0 : broker.connectionCount();
    }

    /**
     * Stops accepting, takes every session offline (keeping what was not written in its
     * queue) and closes the store. Idempotent.
     */
    @Override
    public void close() {
        List<Transport> t;
        Broker b;
        SysTopics sys;
        OperationsListenerProvider.OperationsListener ops;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = List.copyOf(transports);
            b = broker;
            sys = sysTopics;
            ops = operations;
        }
        try {
            if (ops != null) {
                ops.close();
            }
            if (sys != null) {
                sys.close();
            }
            t.forEach(Transport::close);
            if (b != null) {
                b.close();
                LOG.log(DEBUG, "server closed: sessions offline, store closed");
            }
        } finally {
            closedLatch.countDown();
        }
    }

    /** Waits until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    /**
     * Runs the server alone, configured by {@code broker.*} system properties, until SIGTERM
     * or Ctrl-C.
     */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %5$s%6$s%n");
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            // the connection pool's start-up chatter (it repeats the database URL) is not an operator's concern
            POOL_LOGGER.setLevel(java.util.logging.Level.WARNING);
        }
        HeraldServer server;
        try {
            server = fromSystemProperties().build();
        } catch (IllegalArgumentException e) {
            System.err.println("herald: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            LOG.log(ERROR, "Herald could not start: " + e.getMessage());
            System.err.println("herald: " + e.getMessage());
            System.exit(1);
            return;
        }
        // java.util.logging closes its handlers in a shutdown hook of its own, which can run
        // before this one, so the last line goes to stderr directly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.err.printf("%1$tF %1$tT.%1$tL INFO Herald stopped%n", System.currentTimeMillis());
        }, "herald-shutdown"));
        try {
            server.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether TLS asks clients for a certificate ({@code broker.tls.client-auth}). */
    public enum ClientAuth {
        /** It does not (the default). */
        NONE,
        /** It asks; a client without one may still log in with a password. */
        WANT,
        /** A client without a certificate that the truststore trusts fails the TLS handshake. */
        NEED
    }

    /**
     * The options of a server. Each has a {@code broker.*} system property of the same
     * meaning; a bad value fails with a message that names the property.
     *
     * <table>
     * <caption>Options</caption>
     * <tr><th>property</th><th>method</th><th>default</th></tr>
     * <tr><td>broker.port</td><td>{@link #port}</td><td>{@value #DEFAULT_PORT}</td></tr>
     * <tr><td>broker.host</td><td>{@link #host}</td><td>0.0.0.0</td></tr>
     * <tr><td>broker.topics</td><td>{@link #topics}</td><td>NEWS,WEATHER ({@code *}: any valid name)</td></tr>
     * <tr><td>broker.store</td><td>{@link #store(String)}</td><td>memory</td></tr>
     * <tr><td>broker.retained.max</td><td>{@link #retainedMax}</td><td>{@value #DEFAULT_RETAINED_MAX}</td></tr>
     * <tr><td>broker.offline.ttl</td><td>{@link #offlineTtl}</td><td>30s</td></tr>
     * <tr><td>broker.offline.max</td><td>{@link #offlineMax}</td><td>{@value #DEFAULT_OFFLINE_MAX}</td></tr>
     * <tr><td>broker.session.expiry</td><td>{@link #sessionExpiry}</td><td>24h</td></tr>
     * <tr><td>broker.idle-timeout</td><td>{@link #idleTimeout}</td><td>120s</td></tr>
     * <tr><td>broker.max-connections</td><td>{@link #maxConnections}</td><td>{@value #DEFAULT_MAX_CONNECTIONS}</td></tr>
     * <tr><td>broker.max-frame</td><td>{@link #maxFrame}</td><td>{@value #DEFAULT_MAX_FRAME} bytes</td></tr>
     * <tr><td>broker.outbound-buffer</td><td>{@link #outboundBuffer}</td><td>{@value #DEFAULT_OUTBOUND_BUFFER} bytes</td></tr>
     * <tr><td>broker.slow-consumer.timeout</td><td>{@link #slowConsumerTimeout}</td><td>5s</td></tr>
     * <tr><td>broker.tls.keystore, broker.tls.keystore-password</td><td>{@link #tls}</td><td>unset: plain TCP</td></tr>
     * <tr><td>broker.tls.client-auth</td><td>{@link #tlsClientAuth}</td><td>none</td></tr>
     * <tr><td>broker.tls.truststore, broker.tls.truststore-password</td><td>{@link #tlsTruststore}</td><td>unset</td></tr>
     * <tr><td>broker.users</td><td>{@link #users}</td><td>unset: no authentication</td></tr>
     * <tr><td>broker.connect-timeout</td><td>{@link #connectTimeout}</td><td>10s</td></tr>
     * <tr><td>broker.max-sessions-per-user</td><td>{@link #maxSessionsPerUser}</td><td>{@value #DEFAULT_MAX_SESSIONS_PER_USER}</td></tr>
     * <tr><td>broker.max-topics</td><td>{@link #maxTopics}</td><td>{@value #DEFAULT_MAX_TOPICS}</td></tr>
     * <tr><td>broker.max-unauthenticated-per-address</td><td>{@link #maxUnauthenticatedPerAddress}</td>
     *     <td>{@value #DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS}</td></tr>
     * <tr><td>broker.&lt;other&gt;</td><td>{@link #setting}</td><td>store settings, e.g. broker.jdbc.url; a name
     *     neither the server nor its store knows stops {@link HeraldServer#start()}</td></tr>
     * <tr><td>broker.sys-interval</td><td>{@link #sysInterval}</td><td>10s (0: no {@code $SYS} topics)</td></tr>
     * <tr><td>broker.http.port</td><td>{@link #httpPort}</td><td>unset: no operations listener</td></tr>
     * <tr><td>broker.http.host</td><td>{@link #httpHost}</td><td>127.0.0.1</td></tr>
     * <tr><td>(none)</td><td>{@link #meterRegistry}</td><td>unset: no meters</td></tr>
     * <tr><td>broker.metrics.topics</td><td>{@link #metricsTopics}</td><td>{@value #DEFAULT_METRICS_TOPICS}</td></tr>
     * </table>
     */
    public static final class Builder {

        public static final int DEFAULT_PORT = 12345;
        public static final int DEFAULT_RETAINED_MAX = 1_000;
        public static final Duration DEFAULT_OFFLINE_TTL = Duration.ofSeconds(30);
        public static final int DEFAULT_OFFLINE_MAX = 10_000;
        public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(24);
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
        public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
        public static final int DEFAULT_MAX_FRAME = 65_536;
        public static final int DEFAULT_OUTBOUND_BUFFER = 1_048_576;
        public static final Duration DEFAULT_SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS = 32;
        public static final int DEFAULT_MAX_SESSIONS_PER_USER = 1_000;
        public static final int DEFAULT_MAX_TOPICS = 100_000;
        public static final int DEFAULT_METRICS_TOPICS = 100;
        public static final Duration DEFAULT_SYS_INTERVAL = Duration.ofSeconds(10);

        private static final java.util.Set<String> OWN_PROPERTIES = java.util.Set.of(
                "port", "host", "topics", "store", "retained.max", "offline.ttl", "offline.max",
                "session.expiry", "idle-timeout", "max-connections", "max-frame", "outbound-buffer",
                "slow-consumer.timeout", "metrics.topics", "sys-interval", "http.port", "http.host",
                "tls.keystore", "tls.keystore-password", "users", "connect-timeout", "max-unauthenticated-per-address",
                "max-sessions-per-user", "max-topics", "listeners",
                "tls.client-auth", "tls.truststore", "tls.truststore-password");
        /** Every option of the server: its own, and {@code transport}, which chooses the transport provider. */
        static final java.util.Set<String> SERVER_OPTIONS = java.util.stream.Stream.concat(
                OWN_PROPERTIES.stream(), java.util.stream.Stream.of("transport")).collect(java.util.stream.Collectors.toUnmodifiableSet());

        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private TopicSet topics;
        private List<Listener> listeners = List.of();
        private String storeName = "memory";
        private StoreProvider storeProvider;
        private int retainedMax = DEFAULT_RETAINED_MAX;
        private Duration offlineTtl = DEFAULT_OFFLINE_TTL;
        private int offlineMax = DEFAULT_OFFLINE_MAX;
        private Duration sessionExpiry = DEFAULT_SESSION_EXPIRY;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxFrame = DEFAULT_MAX_FRAME;
        private int outboundBuffer = DEFAULT_OUTBOUND_BUFFER;
        private Duration slowConsumerTimeout = DEFAULT_SLOW_CONSUMER_TIMEOUT;
        private Path tlsKeystore;
        private String tlsKeystorePassword;
        private Path usersFile;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxUnauthenticatedPerAddress = DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS;
        private int maxSessionsPerUser = DEFAULT_MAX_SESSIONS_PER_USER;
        private int maxTopics = DEFAULT_MAX_TOPICS;
        private ClientAuth tlsClientAuth = ClientAuth.NONE;
        private Path tlsTruststore;
        private String tlsTruststorePassword;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meterRegistry;
        private int metricsTopics = DEFAULT_METRICS_TOPICS;
        private Duration sysInterval = DEFAULT_SYS_INTERVAL;
        private int httpPort = -1;
        private String httpHost = "127.0.0.1";
        private final Map<String, String> settings = new HashMap<>();

        Builder() {
        }

        /**
         * A builder filled from {@code broker.*} entries of {@code properties}; any other
         * {@code broker.<name>} becomes the store setting {@code <name>}.
         *
         * @throws IllegalArgumentException naming the property, for a bad value
         */
        public static Builder fromProperties(Map<?, ?> properties) {
            Builder b = new Builder();
            Map<String, String> p = new TreeMap<>();
            properties.forEach((k, v) -> {
                if (k instanceof String key && key.startsWith("broker.") && v != null) {
                    p.put(key.substring("broker.".length()), String.valueOf(v).strip());
                }
            });
            p.forEach((name, value) -> {
                if (!OWN_PROPERTIES.contains(name)) {
                    b.setting(name, value);
                }
            });
            read(p, "port", v -> b.port(integer("port", v)));
            read(p, "listeners", b::listeners);
            read(p, "host", b::host);
            read(p, "topics", v -> b.topics(List.of(v.split(","))));
            read(p, "store", b::store);
            read(p, "retained.max", v -> b.retainedMax(integer("retained.max", v)));
            read(p, "offline.ttl", v -> b.offlineTtl(duration("offline.ttl", v)));
            read(p, "offline.max", v -> b.offlineMax(integer("offline.max", v)));
            read(p, "session.expiry", v -> b.sessionExpiry(duration("session.expiry", v)));
            read(p, "idle-timeout", v -> b.idleTimeout(duration("idle-timeout", v)));
            read(p, "max-connections", v -> b.maxConnections(integer("max-connections", v)));
            read(p, "max-frame", v -> b.maxFrame(integer("max-frame", v)));
            read(p, "outbound-buffer", v -> b.outboundBuffer(integer("outbound-buffer", v)));
            read(p, "slow-consumer.timeout", v -> b.slowConsumerTimeout(duration("slow-consumer.timeout", v)));
            read(p, "tls.keystore", v -> b.tls(Path.of(v), p.get("tls.keystore-password")));
            read(p, "tls.truststore", v -> b.tlsTruststore(Path.of(v), p.get("tls.truststore-password")));
            read(p, "tls.client-auth", v -> b.tlsClientAuth(clientAuth(v)));
            read(p, "users", v -> b.users(Path.of(v)));
            read(p, "connect-timeout", v -> b.connectTimeout(duration("connect-timeout", v)));
            read(p, "max-unauthenticated-per-address",
                    v -> b.maxUnauthenticatedPerAddress(integer("max-unauthenticated-per-address", v)));
            read(p, "max-sessions-per-user", v -> b.maxSessionsPerUser(integer("max-sessions-per-user", v)));
            read(p, "max-topics", v -> b.maxTopics(integer("max-topics", v)));
            read(p, "metrics.topics", v -> b.metricsTopics(integer("metrics.topics", v)));
            read(p, "sys-interval", v -> b.sysInterval(duration("sys-interval", v)));
            read(p, "http.port", v -> b.httpPort(integer("http.port", v)));
            read(p, "http.host", b::httpHost);
            return b;
        }

        /**
         * The names of the server's own options, without the {@code broker.} prefix
         * ({@code port}, {@code offline.ttl}, ...); any other {@code broker.*} name is a store setting.
         */
        public static java.util.Set<String> optionNames() {
            return OWN_PROPERTIES;
        }

        private static void read(Map<String, String> p, String name, Consumer<String> apply) {
            String v = p.get(name);
            if (v != null) {
                apply.accept(v);
            }
        }

        private static int integer(String name, String value) {
            try {
                return Integer.parseInt(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("broker." + name + " must be a whole number: '" + value + "'");
            }
        }

        private static ClientAuth clientAuth(String value) {
            try {
                return ClientAuth.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("broker.tls.client-auth must be none, want or need: '" + value + "'");
            }
        }

        private static Duration duration(String name, String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("broker." + name + ": " + e.getMessage());
            }
        }

        private static void check(boolean ok, String name, String rule, Object value) {
            if (!ok) {
                throw new IllegalArgumentException("broker." + name + " must be " + rule + ": " + value);
            }
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            check(!d.isNegative() && !d.isZero(), name, "positive", Durations.format(d));
            return d;
        }

        /** The port to listen on; 0 picks a free one (see {@link HeraldServer#port()}). */
        public Builder port(int port) {
            check(port >= 0 && port <= 65535, "port", "between 0 and 65535", port);
            this.port = port;
            return this;
        }

        /** The address to bind; {@code 0.0.0.0} (every interface) by default. */
        public Builder host(String host) {
            check(host != null && !host.isBlank(), "host", "a host name or address", host);
            this.host = host;
            return this;
        }

        /**
         * The listeners, a comma-separated list of {@code scheme://host:port} with the schemes
         * {@code herald}, {@code heralds} (TLS), {@code mqtt} and {@code mqtts} (TLS), e.g.
         * {@code herald://0.0.0.0:12345,mqtt://0.0.0.0:1883}, and {@code ws://host:port/path}
         * and {@code wss://host:port/path} (TLS): MQTT over WebSocket, for browsers, at the
         * path given or {@code /mqtt}. Unset, the server listens with the line protocol alone
         * on {@link #host} and {@link #port}. With an MQTT listener, the topics default to
         * {@code *}, since MQTT clients name their own.
         *
         * @throws IllegalArgumentException for a list that is not of that form
         */
        public Builder listeners(String listeners) {
            this.listeners = Listener.parseList(listeners);
            return this;
        }

        /** The topics the server has; {@code *} alone accepts any valid topic name. */
        public Builder topics(Collection<String> topics) {
            try {
                this.topics = TopicSet.of(topics);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("broker.topics: " + e.getMessage());
            }
            return this;
        }

        /** The store, by provider name: {@code memory} (default) or {@code jdbc}. */
        public Builder store(String name) {
            check(name != null && !name.isBlank(), "store", "a store name", name);
            this.storeName = name;
            this.storeProvider = null;
            return this;
        }

        /** A store provider handed in directly, bypassing the lookup by name. */
        public Builder store(StoreProvider provider) {
            this.storeProvider = Objects.requireNonNull(provider, "provider");
            this.storeName = provider.name();
            return this;
        }

        /** A store-specific setting, such as {@code jdbc.url} (property {@code broker.jdbc.url}). */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Retained history per topic, in messages. */
        public Builder retainedMax(int messages) {
            check(messages >= 0, "retained.max", "zero or more", messages);
            this.retainedMax = messages;
            return this;
        }

        /** How long a queued message stays deliverable to an offline session. */
        public Builder offlineTtl(Duration ttl) {
            this.offlineTtl = positive("offline.ttl", ttl);
            return this;
        }

        /** Offline queue per session, in messages; beyond it the oldest is dropped. */
        public Builder offlineMax(int messages) {
            check(messages >= 0, "offline.max", "zero or more", messages);
            this.offlineMax = messages;
            return this;
        }

        /** How long an offline session is kept. */
        public Builder sessionExpiry(Duration expiry) {
            this.sessionExpiry = positive("session.expiry", expiry);
            return this;
        }

        /** How long a connection may send nothing before it is closed. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive("idle-timeout", timeout);
            return this;
        }

        /** The most connections served at once; more get {@code ERR SERVER_BUSY}. */
        public Builder maxConnections(int connections) {
            check(connections >= 1, "max-connections", "at least 1", connections);
            this.maxConnections = connections;
            return this;
        }

        /** The largest incoming frame, in bytes, LF included. */
        public Builder maxFrame(int bytes) {
            check(bytes >= 64, "max-frame", "at least 64 bytes", bytes);
            this.maxFrame = bytes;
            return this;
        }

        /** The most unwritten bytes held for one connection before it is a slow consumer. */
        public Builder outboundBuffer(int bytes) {
            check(bytes >= 1024, "outbound-buffer", "at least 1024 bytes", bytes);
            this.outboundBuffer = bytes;
            return this;
        }

        /**
         * How long a connection may stay over its {@link #outboundBuffer} bound before it is
         * cut off with {@code ERR SLOW_CONSUMER}; while it is over, the publishers of its
         * topics wait. {@link Duration#ZERO} cuts it off as soon as it goes over.
         */
        public Builder slowConsumerTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "slow-consumer.timeout");
            check(!timeout.isNegative(), "slow-consumer.timeout", "zero or more", Durations.format(timeout));
            this.slowConsumerTimeout = timeout;
            return this;
        }

        /** Serve TLS with the key in this keystore (PKCS12 or JKS). */
        public Builder tls(Path keystore, String password) {
            this.tlsKeystore = Objects.requireNonNull(keystore, "keystore");
            this.tlsKeystorePassword = password;
            return this;
        }

        /**
         * Whether TLS asks clients for a certificate: {@link ClientAuth#NONE} (the default),
         * {@link ClientAuth#WANT} or {@link ClientAuth#NEED}. Asking needs a
         * {@linkplain #tlsTruststore truststore}. A certificate whose subject a users file maps
         * to a user ({@code carol.certificate = CN=carol,O=Example}) logs its client in as that
         * user without a password.
         */
        public Builder tlsClientAuth(ClientAuth clientAuth) {
            this.tlsClientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /** The certificates (PKCS12 or JKS) that client certificates must be signed by, or be. */
        public Builder tlsTruststore(Path truststore, String password) {
            this.tlsTruststore = Objects.requireNonNull(truststore, "truststore");
            this.tlsTruststorePassword = password;
            return this;
        }

        /** Require authentication by the users in this properties file. */
        public Builder users(Path usersFile) {
            check(usersFile != null && Files.isReadable(usersFile), "users", "a readable file", usersFile);
            this.usersFile = usersFile;
            return this;
        }

        /**
         * How long a new connection has to complete its TLS handshake and its
         * {@code CONN}/{@code RECON}; it is closed after that.
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connect-timeout", timeout);
            return this;
        }

        /**
         * The most connections of one source address that have not logged in yet (no
         * {@code CONN}/{@code RECON} done); more get {@code ERR SERVER_BUSY}.
         */
        public Builder maxUnauthenticatedPerAddress(int connections) {
            check(connections >= 1, "max-unauthenticated-per-address", "at least 1", connections);
            this.maxUnauthenticatedPerAddress = connections;
            return this;
        }

        /**
         * The most sessions, online or offline, that one user may hold; without users, that
         * one source address may create. One more is {@code ERR NOT_AUTHORIZED}.
         */
        public Builder maxSessionsPerUser(int sessions) {
            check(sessions >= 1, "max-sessions-per-user", "at least 1", sessions);
            this.maxSessionsPerUser = sessions;
            return this;
        }

        /**
         * The most topics the server holds at once (with {@code broker.topics=*}, clients make
         * them); a new one beyond it is {@code ERR UNKNOWN_TOPIC}.
         */
        public Builder maxTopics(int topics) {
            check(topics >= 1, "max-topics", "at least 1", topics);
            this.maxTopics = topics;
            return this;
        }

        /** The clock of the time-based rules (offline TTL, session expiry, idle and connect timeouts, login delays). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reports the server's meters (names starting with {@code herald.}) to this Micrometer
         * registry, next to the program's own; they are removed from it when the server stops.
         * Without a registry the server keeps no meters.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * How many topics get meters of their own (tag {@code topic}); the counts of topics
         * beyond it are summed under {@code topic="_other"}, so that a server with many topics
         * does not flood the registry.
         */
        public Builder metricsTopics(int topics) {
            check(topics >= 0, "metrics.topics", "zero or more", topics);
            this.metricsTopics = topics;
            return this;
        }

        /**
         * How often the server publishes its figures to its {@code $SYS} topics (by its
         * clock); {@link Duration#ZERO} publishes none, and then the {@code $SYS} topics do
         * not exist.
         */
        public Builder sysInterval(Duration interval) {
            Objects.requireNonNull(interval, "sys-interval");
            check(!interval.isNegative(), "sys-interval", "zero or more", Durations.format(interval));
            this.sysInterval = interval;
            return this;
        }

        /**
         * Serves metrics, health checks, the admin API and the console over HTTP on this port
         * (0 picks a free one; see {@link HeraldServer#httpAddress()}); needs the module
         * {@code dev.herald.broker.http}. Off by default.
         */
        public Builder httpPort(int port) {
            check(port >= 0 && port <= 65535, "http.port", "between 0 and 65535", port);
            this.httpPort = port;
            return this;
        }

        /**
         * The address the operations listener binds: {@code 127.0.0.1} by default. On any
         * other, give the server a users file: then only its admins get in.
         */
        public Builder httpHost(String host) {
            check(host != null && !host.isBlank(), "http.host", "a host name or address", host);
            this.httpHost = host;
            return this;
        }

        /** A server with these options, not yet started. */
        public HeraldServer build() {
            if (tlsClientAuth != ClientAuth.NONE) {
                check(tlsKeystore != null, "tls.client-auth", "none unless broker.tls.keystore is set (TLS)", tlsClientAuth);
                check(tlsTruststore != null, "tls.client-auth",
                        "none unless broker.tls.truststore holds the certificates that sign client certificates", tlsClientAuth);
            }
            TopicSet topicSet = topics != null ? topics
                    : listeners.stream().allMatch(Listener::lineProtocol) ? TopicSet.DEFAULT : TopicSet.of(List.of("*"));
            return new HeraldServer(new BrokerConfig(host, port, topicSet, storeName, storeProvider, retainedMax,
                    offlineTtl, offlineMax, sessionExpiry, idleTimeout, maxConnections, maxFrame, outboundBuffer,
                    slowConsumerTimeout, metricsTopics, sysInterval, httpPort, httpHost,
                    tlsKeystore, tlsKeystorePassword, usersFile, clock, settings,
                    new BrokerConfig.Security(connectTimeout, maxUnauthenticatedPerAddress, maxSessionsPerUser, maxTopics,
                            tlsClientAuth,
                            tlsTruststore, tlsTruststorePassword), listeners), meterRegistry);
        }
    }
}
