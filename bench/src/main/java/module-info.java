/**
 * Herald's benchmark: a load generator that drives any Herald server over the real
 * protocol with real sockets (starting one in-process when no address is given), a bare
 * relay measured alongside as the reference, and a JMH suite over the hot paths.
 * Run it with {@code java -p bench/target/modules -m dev.herald.bench <scenario> [options]}.
 *
 * @uses dev.herald.broker.api.spi.StoreProvider the store measured by the JMH suite
 * @provides dev.herald.broker.api.spi.TransportProvider {@code memory}: connections through
 *           in-memory pipes, for measuring the broker's routing without sockets
 */
module dev.herald.bench {
    requires dev.herald.broker.api;
    requires dev.herald.broker.server;
    requires java.logging;
    requires java.management;
    requires jmh.core;
    requires micrometer.core;

    uses dev.herald.broker.api.spi.StoreProvider;
    provides dev.herald.broker.api.spi.TransportProvider with dev.herald.bench.jmh.MemoryTransportProvider;
}
