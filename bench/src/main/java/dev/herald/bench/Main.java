package dev.herald.bench;

import dev.herald.bench.jmh.JmhLauncher;
import dev.herald.bench.load.IdleClients;
import dev.herald.bench.target.Relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's command line:
 * {@code java -p bench/target/modules -m dev.herald.bench <scenario> [options]}, or
 * {@code jmh [jmh options]} for the JMH suite, or {@code relay-server [port]} to run the
 * bare relay alone.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "jmh" -> System.exit(JmhLauncher.run(rest));
            case "idle-clients" -> IdleClients.main(rest);
            case "relay-server" -> relayServer(rest);
            default -> {
                BenchOptions options;
                try {
                    options = BenchOptions.parse(Scenario.of(args[0]), rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("bench: " + e.getMessage());
                    System.err.println("run with --help for the scenarios and options");
                    System.exit(2);
                    return;
                }
                System.exit(new Bench(options).run());
            }
        }
    }

    private static void relayServer(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? (int) BenchOptions.number("port", args[0]) : BenchOptions.DEFAULT_PORT;
        Relay relay = Relay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        System.err.println("relay ready on " + relay.address().getHostString() + ":" + relay.port());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stop.countDown();
        }));
        stop.await();
    }

    private static void usage() {
        System.out.println("""
                usage: java -p bench/target/modules -m dev.herald.bench <scenario> [options]
                       java -p bench/target/modules -m dev.herald.bench jmh [JMH options]
                       java -p bench/target/modules -m dev.herald.bench relay-server [port]

                scenarios:
                  throughput    P publishers -> S subscribers on one topic, pipelined (default 1 -> 1, 2m msgs)
                  fanout        1 publisher -> 50 subscribers (200k msgs = 10m deliveries)
                  fanin         50 publishers -> 1 subscriber (2m msgs)
                  latency       fixed rate (default 20000 msg/s, 200k msgs): p50/p99/p99.9/max
                  connections   N idle sessions (default 10000): server heap and RSS per connection
                  offline       subscribers away while 10k msgs are published, then RECON: replay rate

                Without --host a Herald server is started in this JVM. The bare relay is measured
                first and Herald's figure is reported as a ratio of the relay's. Every run checks
                that nothing was lost, duplicated or reordered.

                options:""");
        System.out.print(BenchOptions.HELP);
    }
}
