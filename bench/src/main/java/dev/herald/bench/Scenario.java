package dev.herald.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load scenarios, with their defaults and the figure each is judged by. */
public enum Scenario {
    /** P publishers to S subscribers on one topic, pipelined, as fast as it goes. */
    THROUGHPUT(1, 1, 2_000_000, 0, "rate", true, "msg/s"),
    /** One publisher to 50 subscribers. */
    FANOUT(1, 50, 200_000, 0, "delivery_rate", true, "deliveries/s"),
    /** 50 publishers to one subscriber. */
    FANIN(50, 1, 2_000_000, 0, "rate", true, "msg/s"),
    /** A fixed rate; latency percentiles from stamps carried in payloads. */
    LATENCY(1, 1, 200_000, 20_000, "p99_us", true, "us"),
    /** N idle sessions; the server's memory per connection. */
    CONNECTIONS(0, 0, 0, 0, "heap_per_conn", true, "bytes"),
    /** Subscribers away while publishers publish, then back: the queued replay rate. */
    OFFLINE(1, 10, 10_000, 0, "replay_rate", false, "msg/s");

    final int publishers;
    final int subscribers;
    final long messages;
    final long rate;
    /** The figure a run is judged by, and compared with the relay's. */
    final String headline;
    /** Whether the relay can run it (it keeps no queues). */
    final boolean relayComparable;
    final String headlineUnit;

    Scenario(int publishers, int subscribers, long messages, long rate, String headline, boolean relayComparable,
             String headlineUnit) {
        this.publishers = publishers;
        this.subscribers = subscribers;
        this.messages = messages;
        this.rate = rate;
        this.headline = headline;
        this.relayComparable = relayComparable;
        this.headlineUnit = headlineUnit;
    }

    /** Whether an MQTT broker can run it: every scenario but the offline one, which uses Herald's RECON. */
    boolean mqttComparable() {
        return this != OFFLINE;
    }

    /** The scenario's name on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scenario named {@code name}; the message lists the names when there is none. */
    public static Scenario of(String name) {
        for (Scenario s : values()) {
            if (s.key().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; scenarios: " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(Scenario::key).collect(Collectors.joining(", "));
    }
}
