package dev.herald.junit;

import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.junit.HeraldTest.Scope;
import dev.herald.junit.HeraldTest.Store;
import dev.herald.testsupport.MutableClock;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a Herald broker on a free port of 127.0.0.1 for a test class, or for each of its test
 * methods, and stops it afterwards, whether the tests passed or not. Use it through
 * {@link HeraldTest @HeraldTest}, or register it to set the server up in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static HeraldExtension herald = HeraldExtension.builder()
 *         .scope(Scope.PER_METHOD)
 *         .store(Store.JDBC)
 *         .configure(server -> server.offlineTtl(Duration.ofSeconds(5)))
 *         .build();
 * }</pre>
 *
 * <p>Test methods, {@code @BeforeEach}/{@code @AfterEach} methods and, with a server per
 * class, {@code @BeforeAll}/{@code @AfterAll} methods can take these parameters:
 * <table>
 * <caption>Parameters</caption>
 * <tr><th>type</th><th>what it receives</th></tr>
 * <tr><td>{@link HeraldServer}</td><td>the running server</td></tr>
 * <tr><td>{@code @HeraldPort int}</td><td>its port</td></tr>
 * <tr><td>{@link URI}</td><td>its address as {@code herald://127.0.0.1:<port>}</td></tr>
 * <tr><td>{@link InetSocketAddress}</td><td>its address</td></tr>
 * <tr><td>{@link HeraldClient}</td><td>a client connected with a new session ({@code CONN}),
 *     closed after the method's test; its id is given by {@link ClientId} or made from the
 *     method's name and the parameter's position</td></tr>
 * <tr><td>{@link HeraldClient.Builder}</td><td>a client builder aimed at the server, with a
 *     client id as above, for a client with options of its own</td></tr>
 * <tr><td>{@link MutableClock}</td><td>the server's clock, which moves only when the test moves it</td></tr>
 * </table>
 *
 * <p>Every server has a port of its own, so test classes and methods can run in parallel.
 */
public final class HeraldExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(HeraldExtension.class);
    private static final String HOST = "127.0.0.1";

    /** How one extension sets its servers up. */
    private record Settings(Scope scope, Store store, Map<String, String> options, Consumer<HeraldServer.Builder> configure) {

        static final Settings DEFAULT = new Settings(Scope.PER_CLASS, Store.MEMORY, Map.of(), b -> {
        });

        static Settings of(HeraldTest annotation) {
            Map<String, String> options = new LinkedHashMap<>();
            for (String option : annotation.options()) {
                int eq = option.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("@HeraldTest option '" + option + "' is not name=value");
                }
                options.put(option.substring(0, eq).strip(), option.substring(eq + 1).strip());
            }
            return new Settings(annotation.scope(), annotation.store(), options, DEFAULT.configure);
        }
    }

    /** A started server and its clock, closed with the scope that holds it. */
    private record Running(HeraldServer server, MutableClock clock) implements AutoCloseable {

        static Running start(Settings settings) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("broker.host", HOST);
            properties.put("broker.port", "0");
            settings.options().forEach((name, value) -> properties.put("broker." + name, value));
            MutableClock clock = new MutableClock(System.currentTimeMillis());
            HeraldServer.Builder builder = HeraldServer.Builder.fromProperties(properties).clock(clock);
            switch (settings.store()) {
                case MEMORY -> builder.store("memory");
                case JDBC -> builder.store("jdbc").setting("jdbc.url", "jdbc:h2:mem:herald-" + UUID.randomUUID());
            }
            settings.configure().accept(builder);
            try {
                return new Running(builder.build().start(), clock);
            } catch (IOException e) {
                throw new UncheckedIOException("the Herald server of the test did not start: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A client the extension made, closed with the method or class that asked for it. */
    private record OwnedClient(HeraldClient client) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    private final Settings settings;

    /** The extension as {@link HeraldTest @HeraldTest} (or {@code @ExtendWith}) registers it: set up by the annotation. */
    public HeraldExtension() {
        this.settings = null;
    }

    private HeraldExtension(Settings settings) {
        this.settings = settings;
    }

    /** A builder of an extension to register with {@code @RegisterExtension}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings(context).scope() == Scope.PER_CLASS) {
            running(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == HeraldServer.class || type == MutableClock.class || type == URI.class
                || type == InetSocketAddress.class || type == HeraldClient.class || type == HeraldClient.Builder.class
                || ((type == int.class || type == Integer.class) && parameter.isAnnotated(HeraldPort.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Running running = running(context);
        HeraldServer server = running.server();
        if (type == HeraldServer.class) {
            return server;
        }
        if (type == MutableClock.class) {
            return running.clock();
        }
        if (type == URI.class) {
            return URI.create("herald://" + HOST + ":" + server.port());
        }
        if (type == InetSocketAddress.class) {
            return new InetSocketAddress(HOST, server.port());
        }
        if (type == int.class || type == Integer.class) {
            return server.port();
        }
        HeraldClient.Builder builder = HeraldClient.builder().host(HOST).port(server.port()).clientId(clientId(parameter));
        if (type == HeraldClient.Builder.class) {
            return builder;
        }
        HeraldClient client = builder.build();
        context.getStore(NAMESPACE).put(new Object(), new OwnedClient(client));
        client.connect();
        return client;
    }

    private static String clientId(ParameterContext parameter) {
        Optional<ClientId> given = parameter.findAnnotation(ClientId.class);
        if (given.isPresent()) {
            return given.get().value();
        }
        String id = parameter.getDeclaringExecutable().getName().replaceAll("[^A-Za-z0-9_.:-]", "_");
        String suffix = "-" + parameter.getIndex();
        return id.substring(0, Math.min(id.length(), 64 - suffix.length())) + suffix;
    }

    /** The server of the context's scope, started when the scope first needs it. */
    private Running running(ExtensionContext context) {
        Settings s = settings(context);
        ExtensionContext scope = s.scope() == Scope.PER_METHOD ? methodScope(context) : classScope(context);
        return scope.getStore(NAMESPACE).computeIfAbsent(Running.class, k -> Running.start(s), Running.class);
    }

    private static ExtensionContext methodScope(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a Herald server per test method exists only in test methods and "
                    + "@BeforeEach/@AfterEach methods; use a server per class to reach it from " + context.getDisplayName());
        }
        return context;
    }

    private static ExtensionContext classScope(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private Settings settings(ExtensionContext context) {
        if (settings != null) {
            return settings;
        }
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<HeraldTest> annotation = c.get().getTestClass()
                    .flatMap(type -> AnnotationSupport.findAnnotation(type, HeraldTest.class));
            if (annotation.isPresent()) {
                return Settings.of(annotation.get());
            }
        }
        return Settings.DEFAULT;
    }

    /** Sets up an extension in code. */
    public static final class Builder {

        private Scope scope = Scope.PER_CLASS;
        private Store store = Store.MEMORY;
        private final Map<String, String> options = new LinkedHashMap<>();
        private Consumer<HeraldServer.Builder> configure = Settings.DEFAULT.configure();

        private Builder() {
        }

        /** One server per class (the default) or per test method. */
        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** The store: in memory (the default), or JDBC on a fresh in-memory H2 database. */
        public Builder store(Store store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** A server option by its {@code broker.*} property name without the prefix, such as {@code offline.ttl}. */
        public Builder option(String name, String value) {
            options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets anything else on each server's builder, after the options above. */
        public Builder configure(Consumer<HeraldServer.Builder> configure) {
            this.configure = this.configure.andThen(Objects.requireNonNull(configure, "configure"));
            return this;
        }

        /** The extension. */
        public HeraldExtension build() {
            return new HeraldExtension(new Settings(scope, store, Map.copyOf(options), configure));
        }
    }
}
