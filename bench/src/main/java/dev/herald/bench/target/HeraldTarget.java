package dev.herald.bench.target;

import dev.herald.bench.load.Protocol;
import dev.herald.broker.server.HeraldServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** A Herald server: one started in this JVM, or an external one at a given address. */
public final class HeraldTarget implements Target {

    /** Loggers kept quiet during in-process runs (per-session INFO lines would flood the output). */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("dev.herald"),
            Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.h2"));

    private final String name;
    private final InetSocketAddress address;
    private final MemoryProbe memory;
    private final HeraldServer server;
    private final Path dataDir;
    private final Protocol protocol;

    private HeraldTarget(String name, InetSocketAddress address, MemoryProbe memory, HeraldServer server,
                         Path dataDir, Protocol protocol) {
        this.protocol = protocol;
        this.name = name;
        this.address = address;
        this.memory = memory;
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Settings of a server started in this JVM.
     *
     * @param store          {@code memory} or {@code jdbc}
     * @param jdbcUrl        the database of the JDBC store, or null for a fresh H2 file database in a temporary folder
     * @param outboundBuffer the per-connection outgoing buffer bound, in bytes
     * @param offlineMax     the offline queue cap per session
     * @param verbose        whether the server logs at INFO
     * @param metrics        whether the server reports to a Micrometer registry
     * @param protocol       how the generator talks to it: the line protocol, or MQTT through an MQTT listener
     * @param maxSessionsPerUser sessions one address may hold, or 0 for the server's default
     */
    public record InProcess(String store, String jdbcUrl, int outboundBuffer, int offlineMax, boolean verbose,
                            boolean metrics, Protocol protocol, int maxSessionsPerUser) {

        boolean mqtt() {
            return protocol.mqtt();
        }
    }

    /** Starts a server in this JVM on a free loopback port, accepting any topic. */
    public static HeraldTarget start(InProcess settings) throws IOException {
        if (!settings.verbose()) {
            QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        }
        Path dataDir = null;
        String loopback = InetAddress.getLoopbackAddress().getHostAddress();
        HeraldServer.Builder builder = HeraldServer.builder()
                .host(loopback)
                .port(0)
                .topics(List.of("*"))
                .store(settings.store())
                .outboundBuffer(settings.outboundBuffer())
                .offlineMax(settings.offlineMax())
                .offlineTtl(Duration.ofMinutes(10));
        if (settings.maxSessionsPerUser() > 0) {
            builder.maxSessionsPerUser(settings.maxSessionsPerUser());
        }
        if (settings.mqtt()) {
            builder.listeners("herald://" + loopback + ":0,mqtt://" + loopback + ":0");
        }
        if (settings.metrics()) {
            builder.meterRegistry(new SimpleMeterRegistry());
        }
        if (settings.store().equals("jdbc")) {
            String url = settings.jdbcUrl();
            if (url == null) {
                dataDir = Files.createTempDirectory("herald-bench-");
                url = "jdbc:h2:file:" + dataDir.resolve("herald").toAbsolutePath();
            }
            builder.setting("jdbc.url", url);
        }
        HeraldServer server;
        try {
            server = builder.build().start();
        } catch (IOException | RuntimeException e) {
            deleteTree(dataDir);
            throw e;
        }
        return new HeraldTarget("herald-" + settings.store() + (settings.metrics() ? "+metrics" : "")
                + (settings.mqtt() ? "-mqtt" : ""),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.mqtt() ? server.port("mqtt") : server.port()),
                MemoryProbe.self(), server, dataDir, settings.protocol());
    }

    /** A server somewhere else; {@code pid} (or -1) lets its RSS be read when it runs on this machine. */
    public static HeraldTarget external(String host, int port, long pid) {
        return new HeraldTarget("herald@" + host + ":" + port, new InetSocketAddress(host, port),
                pid >= 0 ? MemoryProbe.process(pid) : MemoryProbe.none(), null, null, Protocol.HERALD);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public MemoryProbe memory() {
        return memory;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
