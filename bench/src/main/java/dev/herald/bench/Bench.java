package dev.herald.bench;

import dev.herald.bench.load.ConnectionsRun;
import dev.herald.bench.load.OfflineRun;
import dev.herald.bench.load.Protocol;
import dev.herald.bench.load.PubSubRun;
import dev.herald.bench.load.RunSpec;
import dev.herald.bench.report.Measurement;
import dev.herald.bench.report.Report;
import dev.herald.bench.report.TargetResult;
import dev.herald.bench.target.HeraldTarget;
import dev.herald.bench.target.MqttTarget;
import dev.herald.bench.target.RelayTarget;
import dev.herald.bench.target.Target;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one scenario: the relay first (unless turned off), then an MQTT broker when one is
 * given, then Herald, each with a warm-up run and the measured runs, and prints the report.
 */
final class Bench {

    /** Starts a target. */
    private interface TargetFactory {
        Target start() throws IOException;
    }

    private final BenchOptions options;
    private final Scenario scenario;

    Bench(BenchOptions options) {
        this.options = options;
        this.scenario = options.scenario();
    }

    /** Runs the scenario; returns the process exit code (0 when every check passed). */
    int run() throws InterruptedException {
        List<TargetResult> results = new ArrayList<>();
        if (options.relayOnly() || (options.compareRelay() && scenario.relayComparable)) {
            results.add(measure("relay", RelayTarget::start));
        }
        if (options.mqtt() != null && !options.relayOnly()) {
            results.add(measure("mqtt", () -> MqttTarget.external(options.mqtt(), options.mqttPid(),
                    Protocol.mqtt(options.mqttQos(), options.mqttVersion()))));
        }
        if (options.heraldMqtt() && !options.relayOnly()) {
            results.add(measure(options.heraldName() + "-mqtt", this::startHeraldMqtt));
        }
        if (!options.relayOnly()) {
            results.add(measure(options.heraldName(), () -> startHerald(false)));
        }
        if (options.compareMetrics() && !options.relayOnly()) {
            results.add(measure(options.heraldName() + "+metrics", () -> startHerald(true)));
        }
        Report.print(System.out, scenario.key(), description(), parameters(), scenario.headline, results);
        if (options.compareMetrics() && results.size() >= 2) {
            Report.printRatio(System.out, results.get(results.size() - 1), results.get(results.size() - 2),
                    scenario.headline, "metrics_ratio");
        }
        return results.stream().allMatch(TargetResult::ok) ? 0 : 1;
    }

    private Target startHerald(boolean metrics) throws IOException {
        if (options.host() != null) {
            return HeraldTarget.external(options.host(), options.port(), options.pid());
        }
        return HeraldTarget.start(inProcess(metrics, false));
    }

    private Target startHeraldMqtt() throws IOException {
        return HeraldTarget.start(inProcess(false, true));
    }

    private HeraldTarget.InProcess inProcess(boolean metrics, boolean mqtt) {
        int offlineMax = (int) Math.min(Integer.MAX_VALUE, Math.max(10_000, options.messages()));
        return new HeraldTarget.InProcess(options.store(), options.jdbcUrl(), options.outboundBuffer(), offlineMax,
                options.verbose(), metrics, mqtt ? Protocol.mqtt(options.mqttQos(), options.mqttVersion()) : Protocol.HERALD,
                sessionsPerAddress());
    }

    /**
     * Every client of the bench comes from one address, and the server allows 1,000 sessions
     * per address by default (broker.max-sessions-per-user): the connections scenario raises it
     * to its count, and says so in its parameters. Other scenarios use the default (0 here).
     */
    private int sessionsPerAddress() {
        return scenario == Scenario.CONNECTIONS && options.connections() >= 1_000 ? options.connections() + 1_000 : 0;
    }

    private TargetResult measure(String name, TargetFactory factory) throws InterruptedException {
        List<Measurement> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        // Memory is measured on a fresh server each time: a used one keeps state (sessions) of the last run.
        boolean freshPerRun = scenario == Scenario.CONNECTIONS;
        Target target = null;
        try {
            target = factory.start();
            // An external process keeps the memory a run freed, and its next run reuses it: only
            // the first run against it shows what connections cost, so it gets no other.
            boolean onlyFirstCounts = scenario == Scenario.CONNECTIONS && target.memory().external();
            boolean warmUp = options.warmup() > 0 && !onlyFirstCounts;
            int measured = onlyFirstCounts ? 1 : options.runs();
            if (warmUp) {
                Measurement warm = runOnce(target, options.warmup(), name + " warm-up");
                note(name + " warm-up", warm);
            }
            for (int i = 1; i <= measured; i++) {
                if (freshPerRun && (i > 1 || warmUp)) {
                    target.close();
                    target = null;
                    target = factory.start();
                }
                settle();
                String label = name + " run " + i + "/" + measured;
                Measurement m = runOnce(target, scenario == Scenario.CONNECTIONS ? options.connections()
                        : options.messages(), label);
                note(label, m);
                runs.add(m);
            }
        } catch (IOException | RuntimeException e) {
            failures.add("cannot run against " + name + ": " + e);
        } finally {
            if (target != null) {
                target.close();
            }
        }
        return new TargetResult(name, runs, failures);
    }

    /**
     * One run. For the connections scenario {@code amount} is the number of connections
     * (warm-up: the JIT compiles the paths an idle connection parks on, which shrinks the
     * stack every idle virtual thread keeps); otherwise the number of messages.
     */
    private Measurement runOnce(Target target, long amount, String label) throws InterruptedException {
        if (scenario == Scenario.CONNECTIONS) {
            return ConnectionsRun.run(target, (int) amount, options.durationLimit());
        }
        RunSpec spec = new RunSpec(target.protocol(), options.topic(), options.payload(), options.publishers(),
                options.subscribers(), amount, options.rate(), options.window());
        return scenario == Scenario.OFFLINE
                ? OfflineRun.run(target, spec, options.durationLimit(), label, options.progress())
                : PubSubRun.run(target, spec, options.durationLimit(), label, options.progress());
    }

    /** Collects garbage between runs, so one run's garbage is not the next one's pause. */
    private static void settle() {
        System.gc();
    }

    private void note(String label, Measurement m) {
        Double headline = m.figures().get(scenario.headline);
        String figure = headline == null ? "no figure"
                : String.format(Locale.ROOT, "%s %,.1f %s", scenario.headline, headline, scenario.headlineUnit);
        System.err.println("  " + label + ": " + figure + (m.ok() ? ", OK" : ", FAILED " + m.failures()
                + (m.verdict().clean() ? "" : " " + m.verdict())));
    }

    private String description() {
        String shape = switch (scenario) {
            case CONNECTIONS -> String.format(Locale.ROOT, "%,d idle connections", options.connections());
            case OFFLINE -> String.format(Locale.ROOT, "%d publisher(s), %d offline subscriber(s), %,d msgs of %d bytes queued each",
                    options.publishers(), options.subscribers(), options.messages(), options.payload());
            default -> String.format(Locale.ROOT, "%d publisher(s) -> %d subscriber(s), %,d msgs of %d bytes%s",
                    options.publishers(), options.subscribers(), options.messages(), options.payload(),
                    options.rate() > 0 ? String.format(Locale.ROOT, " at %,d msg/s", options.rate()) : "");
        };
        return shape + ", " + options.runs() + " run(s), median [min - max]";
    }

    private String parameters() {
        if (scenario == Scenario.CONNECTIONS) {
            return "connections=" + options.connections()
                    + (sessionsPerAddress() > 0 && options.host() == null ? " max_sessions_per_user=" + sessionsPerAddress() : "");
        }
        String p = "publishers=" + options.publishers() + " subscribers=" + options.subscribers()
                + " payload=" + options.payload();
        if (options.rate() > 0) {
            p += " rate_limit=" + options.rate();
        }
        p += " window=" + options.window();
        if (options.host() == null) {
            p += " outbound_buffer=" + options.outboundBuffer();
        }
        if (options.mqtt() != null || options.heraldMqtt()) {
            p += " mqtt_qos=" + options.mqttQos() + " mqtt_version=" + (options.mqttVersion() == 5 ? "5.0" : "3.1.1");
        }
        return p;
    }
}
