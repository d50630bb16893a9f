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
 * The offline scenario: subscribers subscribe and go offline ({@code DISC}), publishers
 * publish while they are away, then every subscriber comes back ({@code RECON}) and gets
 * its queued messages. Measures the replay: queued messages delivered per second, from the
 * first {@code RECON} to the last queued message received.
 */
public final class OfflineRun {

    private OfflineRun() {
    }

    public static Measurement run(Target target, RunSpec spec, Duration limit, String label, boolean progress)
            throws InterruptedException {
        if (spec.protocol() != Protocol.HERALD) {
            throw new IllegalArgumentException("the offline scenario needs a Herald server: the relay keeps nothing");
        }
        Deadline deadline = Deadline.in(limit);
        List<Subscriber> subscribers = new ArrayList<>();
        List<Publisher> publishers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long publishStart = 0;
        long publishEnd = 0;
        long replayStart = 0;
        long queued = 0;
        try {
            for (int i = 0; i < spec.subscribers(); i++) {
                Subscriber s = Subscriber.subscribe(target.address(), i, spec, "bench-offline-" + i, deadline);
                subscribers.add(s);
                s.disconnect(deadline);
            }
            for (int i = 0; i < spec.publishers(); i++) {
                publishers.add(Publisher.connect(target.address(), i, spec, "bench-pub-" + i, deadline));
            }
            publishStart = System.nanoTime();
            for (Publisher p : publishers) {
                p.start(publishStart, deadline);
            }
            for (Publisher p : publishers) {
                p.await(deadline);
                publishEnd = Math.max(publishEnd, p.finishedNanos());
            }
            Progress shown = Progress.start(progress, label,
                    () -> subscribers.stream().mapToLong(Subscriber::received).sum(),
                    spec.messages() * spec.subscribers(), "queued deliveries");
            try {
                replayStart = System.nanoTime();
                for (Subscriber s : subscribers) {
                    int n = s.resume(deadline);
                    queued += n;
                    s.start(n, deadline);
                }
                for (Subscriber s : subscribers) {
                    s.await(deadline);
                }
            } finally {
                shown.close();
            }
        } catch (IOException e) {
            failures.add(e.getMessage());
        } finally {
            PubSubRun.closeAll(subscribers, publishers);
        }
        long[] sent = PubSubRun.delivered(spec, publishers, failures);
        long published = Arrays.stream(sent).sum();
        SequenceChecker.Verdict verdict = SequenceChecker.Verdict.EMPTY;
        long replayEnd = replayStart;
        long delivered = 0;
        for (Subscriber s : subscribers) {
            if (s.failure() != null) {
                failures.add("subscriber: " + s.failure());
            }
            if (replayStart != 0) {
                verdict = verdict.plus(s.checker().verdict(sent));
            }
            replayEnd = Math.max(replayEnd, s.finishedNanos());
            delivered += s.received();
        }
        double replaySeconds = Math.max(1, replayEnd - replayStart) / 1e9;
        double publishSeconds = Math.max(1, publishEnd - publishStart) / 1e9;
        Figures f = new Figures()
                .put("msgs", published)
                .put("queued", queued)
                .put("deliveries", delivered)
                .put("publish_rate", published / publishSeconds)
                .put("seconds", replaySeconds)
                .put("replay_rate", delivered / replaySeconds);
        return new Measurement(f.toMap(), verdict, failures);
    }
}
