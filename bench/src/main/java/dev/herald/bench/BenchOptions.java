package dev.herald.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * The command-line options of a scenario run. Every option has a default; numbers accept
 * {@code _} separators and {@code k}/{@code m} suffixes ({@code 200k}, {@code 1m}).
 *
 * @param scenario       the scenario
 * @param host           an external server's host, or null to start one in this JVM
 * @param port           the external server's port
 * @param pid            the external server's process id, to read its memory, or -1
 * @param store          the in-process server's store: memory or jdbc
 * @param jdbcUrl        the in-process JDBC store's database, or null for a temporary H2 file database
 * @param publishers     publishers
 * @param subscribers    subscribers
 * @param messages       messages per run, in all
 * @param payload        payload bytes per message
 * @param rate           messages per second in all, or 0 for as fast as possible
 * @param runs           measured runs per target; the report gives median, min and max
 * @param warmup         messages (connections, for that scenario) of the unmeasured warm-up run per target (0: none)
 * @param durationLimit  the most one run may take; every loop stops at it
 * @param window         unacknowledged publishes per publisher
 * @param connections    idle connections (connections scenario)
 * @param topic          the topic
 * @param compareRelay   whether the relay is measured first, for the ratio
 * @param relayOnly      whether only the relay is measured
 * @param mqtt           an MQTT broker ({@code host:port}) measured as a second reference, or null
 * @param mqttPid        that broker's process id, to read its memory, or -1
 * @param outboundBuffer the in-process server's per-connection outgoing buffer bound, bytes
 * @param verbose        whether the in-process server logs at INFO
 * @param compareMetrics whether the in-process server is measured again with a meter registry, for the cost of metrics
 * @param progress       whether progress lines are printed
 * @param heraldMqtt     whether the in-process server is measured again through its MQTT listener
 * @param mqttQos        the QoS of the MQTT publishers (0 or 1)
 * @param mqttVersion    the MQTT protocol level the generator speaks: 4 (3.1.1) or 5 (5.0)
 */
public record BenchOptions(Scenario scenario, String host, int port, long pid, String store, String jdbcUrl,
                           int publishers, int subscribers, long messages, int payload, long rate, int runs,
                           long warmup, Duration durationLimit, int window, int connections, String topic,
                           boolean compareRelay, boolean relayOnly, String mqtt, long mqttPid, int outboundBuffer,
                           boolean verbose, boolean compareMetrics, boolean progress, boolean heraldMqtt,
                           int mqttQos, int mqttVersion) {

    static final int DEFAULT_PORT = 12345;
    static final int DEFAULT_PAYLOAD = 100;
    static final int DEFAULT_RUNS = 3;
    static final Duration DEFAULT_DURATION_LIMIT = Duration.ofSeconds(120);
    static final int DEFAULT_WINDOW = 10_000;
    static final int DEFAULT_CONNECTIONS = 10_000;
    /** The server's own default: figures are taken as a user runs the server. */
    static final int DEFAULT_OUTBOUND_BUFFER = dev.herald.broker.server.HeraldServer.Builder.DEFAULT_OUTBOUND_BUFFER;

    /** The option list printed by {@code help}. */
    static final String HELP = """
              --msgs N              messages per run, in all (default: per scenario)
              --payload BYTES       payload size (default 100)
              --publishers N        publishers (default: per scenario)
              --subscribers N       subscribers (default: per scenario)
              --rate N              messages per second in all; 0 = as fast as possible (latency: 20000)
              --runs N              measured runs per target: median, min and max are reported (default 3)
              --warmup N            messages (connections) of an unmeasured warm-up run per target
                                    (default msgs/5, connections: same as --connections; 0 = none)
              --duration-limit D    the most one run may take, e.g. 90s, 5m (default 120s)
              --window N            unacknowledged publishes per publisher (default 10000)
              --connections N       idle connections of the connections scenario (default 10000)
              --topic NAME          the topic (default NEWS)
              --store memory|jdbc   the store of the in-process server (default memory)
              --jdbc-url URL        its database (default: a fresh H2 file database in a temporary folder)
              --outbound-buffer B   its per-connection outgoing buffer bound (default: the server's, 1 MiB)
              --host H --port P     drive an external Herald server instead of starting one
              --pid PID             the external server's process id, to read its RSS
              --compare-relay B     measure the bare relay first and report the ratio (default true)
              --target relay        measure the relay only
              --compare-mqtt H:P    also measure the MQTT broker at H:P (such as Mosquitto) and report
                                    Herald's ratio to it (every scenario but offline)
              --mqtt-pid PID        that broker's process id, to read its RSS (connections)
              --herald-mqtt         also measure the in-process server through its MQTT listener,
                                    with the same MQTT load as --compare-mqtt
              --mqtt-qos N          the QoS of the MQTT publishers: 1 (default; each PUBACKed, in a
                                    window, as Herald's PUB) or 0 (nothing acknowledged)
              --mqtt-version V      the MQTT version of the generator, to the broker and to Herald
                                    alike: 3.1.1 or 4 (default), 5 or 5.0
              --verbose             let the in-process server log at INFO
              --compare-metrics     measure the in-process server again with a Micrometer registry
                                    and report the ratio (the cost of metrics)
              --quiet               no progress lines
            """;

    /** Parses the options that follow the scenario name. */
    static BenchOptions parse(Scenario scenario, String[] args) {
        String host = null;
        int port = DEFAULT_PORT;
        long pid = -1;
        String store = "memory";
        String jdbcUrl = null;
        int publishers = scenario.publishers;
        int subscribers = scenario.subscribers;
        long messages = scenario.messages;
        int payload = DEFAULT_PAYLOAD;
        long rate = scenario.rate;
        int runs = DEFAULT_RUNS;
        Long warmup = null;
        Duration limit = DEFAULT_DURATION_LIMIT;
        int window = DEFAULT_WINDOW;
        int connections = DEFAULT_CONNECTIONS;
        String topic = "NEWS";
        boolean compareRelay = true;
        boolean relayOnly = false;
        String mqtt = null;
        long mqttPid = -1;
        int outboundBuffer = DEFAULT_OUTBOUND_BUFFER;
        boolean verbose = false;
        boolean compareMetrics = false;
        boolean progress = true;
        boolean heraldMqtt = false;
        int mqttQos = 1;
        int mqttVersion = 4;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--verbose" -> verbose = true;
                case "--compare-metrics" -> compareMetrics = true;
                case "--quiet" -> progress = false;
                case "--herald-mqtt" -> heraldMqtt = true;
                case "--no-compare-relay" -> compareRelay = false;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--host" -> host = value;
                        case "--port" -> port = (int) range(name, number(name, value), 1, 65535);
                        case "--pid" -> pid = range(name, number(name, value), 1, Long.MAX_VALUE);
                        case "--store" -> store = choice(name, value, "memory", "jdbc");
                        case "--jdbc-url" -> jdbcUrl = value;
                        case "--publishers" -> publishers = (int) range(name, number(name, value), 1, 10_000);
                        case "--subscribers" -> subscribers = (int) range(name, number(name, value), 0, 10_000);
                        case "--msgs" -> messages = range(name, number(name, value), 1, Long.MAX_VALUE / 4);
                        case "--payload" -> payload = (int) range(name, number(name, value), 0, 60_000);
                        case "--rate" -> rate = range(name, number(name, value), 0, 1_000_000_000);
                        case "--runs" -> runs = (int) range(name, number(name, value), 1, 100);
                        case "--warmup" -> warmup = range(name, number(name, value), 0, Long.MAX_VALUE / 4);
                        case "--duration-limit" -> limit = duration(name, value);
                        case "--window" -> window = (int) range(name, number(name, value), 1, 10_000_000);
                        case "--connections" -> connections = (int) range(name, number(name, value), 1, 1_000_000);
                        case "--topic" -> topic = value;
                        case "--compare-relay" -> compareRelay = bool(name, value);
                        case "--compare-mqtt" -> mqtt = hostAndPort(name, value);
                        case "--mqtt-pid" -> mqttPid = range(name, number(name, value), 1, Long.MAX_VALUE);
                        case "--mqtt-qos" -> mqttQos = (int) range(name, number(name, value), 0, 1);
                        case "--mqtt-version" -> mqttVersion = choice(name, value, "3.1.1", "4", "5", "5.0")
                                .startsWith("5") ? 5 : 4;
                        case "--target" -> relayOnly = choice(name, value, "herald", "relay").equals("relay");
                        case "--outbound-buffer" -> outboundBuffer = (int) range(name, number(name, value), 1024,
                                Integer.MAX_VALUE);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                }
            }
        }
        if (relayOnly && !scenario.relayComparable) {
            throw new IllegalArgumentException("the relay cannot run the " + scenario.key() + " scenario");
        }
        if ((mqtt != null || heraldMqtt) && !scenario.mqttComparable()) {
            throw new IllegalArgumentException("an MQTT broker cannot run the " + scenario.key() + " scenario here");
        }
        if (host != null && (store.equals("jdbc") || jdbcUrl != null)) {
            throw new IllegalArgumentException("--store applies to the in-process server, not to --host");
        }
        if (host != null && heraldMqtt) {
            throw new IllegalArgumentException("--herald-mqtt applies to the in-process server, not to --host");
        }
        if (host != null && compareMetrics) {
            throw new IllegalArgumentException("--compare-metrics applies to the in-process server, not to --host");
        }
        long warm = warmup != null ? warmup : scenario == Scenario.CONNECTIONS ? connections : messages / 5;
        return new BenchOptions(scenario, host, port, pid, store, jdbcUrl, publishers, subscribers, messages,
                payload, rate, runs, warm, limit, window, connections, topic, compareRelay, relayOnly,
                mqtt, mqttPid, outboundBuffer, verbose, compareMetrics, progress, heraldMqtt, mqttQos,
                mqttVersion);
    }

    static long number(String name, String value) {
        String v = value.strip().replace("_", "").toLowerCase(Locale.ROOT);
        long factor = 1;
        if (v.endsWith("k")) {
            factor = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 1_000_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be a whole number (such as 5000, 200k or 1m): '" + value + "'");
        }
    }

    private static String hostAndPort(String name, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(name + " must be host:port, such as 127.0.0.1:1883: '" + value + "'");
        }
        range(name, number(name, value.substring(colon + 1)), 1, 65535);
        return value;
    }

    private static long range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + value);
        }
        return value;
    }

    private static String choice(String name, String value, String... choices) {
        for (String c : choices) {
            if (c.equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException(name + " must be one of " + String.join(", ", choices) + ": '" + value + "'");
    }

    private static boolean bool(String name, String value) {
        return choice(name, value, "true", "false").equals("true");
    }

    static Duration duration(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 500ms, 90s or 5m: '" + value + "'");
        }
    }

    /** The in-process server's name for reports. */
    String heraldName() {
        return host == null ? "herald-" + store : "herald@" + host + ":" + port;
    }
}
