package dev.herald.bench.load;

import dev.herald.bench.report.Figures;
import dev.herald.bench.report.Measurement;
import dev.herald.bench.target.Target;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of publishers and subscribers on one topic (the throughput, fan-out, fan-in and
 * latency scenarios): subscribers subscribe first, then publishers publish their share as
 * fast as allowed (or at the given rate), and the run ends when every subscriber has every
 * message. The time runs from the first publish to the last delivery (or last ack, when
 * that comes later).
 */
public final class PubSubRun {

    /** How long subscribers may still take once the publishers failed. */
    private static final Duration GRACE_AFTER_FAILURE = Duration.ofSeconds(2);

    private PubSubRun() {
    }

    /**
     * @param label    what the progress line says
     * @param progress whether to print progress
     */
    public static Measurement run(Target target, RunSpec spec, Duration limit, String label, boolean progress)
            throws InterruptedException {
        Deadline deadline = Deadline.in(limit);
        List<Subscriber> subscribers = new ArrayList<>();
        List<Publisher> publishers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < spec.subscribers(); i++) {
                subscribers.add(Subscriber.subscribe(target.address(), i, spec, "bench-sub-" + i, deadline));
            }
            target.awaitReceivers(spec.subscribers(), deadline);
            for (int i = 0; i < spec.publishers(); i++) {
                publishers.add(Publisher.connect(target.address(), i, spec, "bench-pub-" + i, deadline));
            }
        } catch (IOException e) {
            failures.add("setting up: " + e.getMessage());
            closeAll(subscribers, publishers);
            return new Measurement(new Figures().toMap(), SequenceChecker.Verdict.EMPTY, failures);
        }
        long deliveriesExpected = spec.messages() * spec.subscribers();
        long start;
        Progress shown = Progress.start(progress, label,
                () -> spec.subscribers() == 0 ? publishers.stream().mapToLong(Publisher::delivered).sum()
                        : subscribers.stream().mapToLong(Subscriber::received).sum(),
                spec.subscribers() == 0 ? spec.messages() : deliveriesExpected,
                spec.subscribers() == 0 ? "acks" : "deliveries");
        try {
            for (Subscriber s : subscribers) {
                s.start(spec.messages(), deadline);
            }
            start = System.nanoTime();
            for (Publisher p : publishers) {
                p.start(start, deadline);
            }
            for (Publisher p : publishers) {
                p.await(deadline);
            }
            boolean publishersFailed = publishers.stream().anyMatch(p -> p.failure() != null);
            Deadline subscriberDeadline = publishersFailed ? Deadline.in(GRACE_AFTER_FAILURE) : deadline;
            for (Subscriber s : subscribers) {
                s.await(subscriberDeadline);
            }
        } finally {
            shown.close();
            closeAll(subscribers, publishers);
        }
        return measure(spec, start, subscribers, publishers, failures);
    }

    private static Measurement measure(RunSpec spec, long start, List<Subscriber> subscribers,
                                       List<Publisher> publishers, List<String> failures) {
        long end = start;
        for (Publisher p : publishers) {
            end = Math.max(end, p.finishedNanos());
        }
        long[] sent = delivered(spec, publishers, failures);
        long published = Arrays.stream(sent).sum();
        SequenceChecker.Verdict verdict = SequenceChecker.Verdict.EMPTY;
        LatencyHistogram latency = new LatencyHistogram();
        long deliveries = 0;
        for (Subscriber s : subscribers) {
            end = Math.max(end, s.finishedNanos());
            if (s.failure() != null) {
                failures.add("subscriber: " + s.failure());
            }
            verdict = verdict.plus(s.checker().verdict(sent));
            latency.add(s.latency());
            deliveries += s.received();
        }
        double seconds = Math.max(1, end - start) / 1e9;
        Figures f = new Figures()
                .put("msgs", published)
                .put("deliveries", deliveries)
                .put("seconds", seconds)
                .put("rate", published / seconds)
                .put("delivery_rate", deliveries / seconds);
        if (spec.protocol() == Protocol.MQTT5) {
            // The window in use: --window, or the broker's Receive Maximum when lower.
            f.put("mqtt_window", publishers.stream().mapToInt(Publisher::window).min().orElse(spec.window()));
        }
        if (latency.count() > 0) {
            f.put("p50_us", latency.percentile(50) / 1e3)
                    .put("p99_us", latency.percentile(99) / 1e3)
                    .put("p999_us", latency.percentile(99.9) / 1e3)
                    .put("max_us", latency.max() / 1e3);
        }
        return new Measurement(f.toMap(), verdict, failures);
    }

    /**
     * What each publisher got delivered (acknowledged, or written to the relay), by index;
     * their failures go to {@code failures}.
     */
    static long[] delivered(RunSpec spec, List<Publisher> publishers, List<String> failures) {
        long[] sent = new long[spec.publishers()];
        for (int i = 0; i < publishers.size(); i++) {
            Publisher p = publishers.get(i);
            sent[i] = p.delivered();
            if (p.failure() != null) {
                failures.add("publisher: " + p.failure());
            }
        }
        return sent;
    }

    /** Ends every publisher's session and every subscriber's, closing their connections. */
    static void closeAll(List<Subscriber> subscribers, List<Publisher> publishers) {
        for (Publisher p : publishers) {
            p.close();
        }
        for (Subscriber s : subscribers) {
            s.leave();
        }
    }
}
