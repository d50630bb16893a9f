package dev.herald.broker.http;

import dev.herald.broker.server.admin.BrokerAdmin;
import dev.herald.broker.server.admin.Overview;
import dev.herald.broker.server.admin.TopicInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's figures sampled once a second over the last minutes, for rates: the
 * console's chart, and each topic's publish rate in the admin API.
 */
final class Rates {

    /** Samples kept: five minutes. */
    static final int KEPT = 300;
    /** A topic's rate is taken over this many seconds. */
    private static final int TOPIC_WINDOW = 10;

    private record Sample(long at, Overview overview, Map<String, Long> published) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Takes a sample now (wall-clock ms). */
    synchronized void sample(BrokerAdmin broker, long now) {
        Map<String, Long> published = new HashMap<>();
        for (TopicInfo t : broker.topics()) {
            published.put(t.name(), t.published());
        }
        samples.addLast(new Sample(now, broker.overview(), published));
        while (samples.size() > KEPT) {
            samples.removeFirst();
        }
    }

    /** Messages a second published to a topic over the last ten seconds (or fewer, since start). */
    synchronized double topicRate(String topic) {
        if (samples.size() < 2) {
            return 0;
        }
        Sample last = samples.getLast();
        Sample first = samples.size() > TOPIC_WINDOW
                ? samples.stream().skip(samples.size() - 1 - TOPIC_WINDOW).findFirst().orElseThrow()
                : samples.getFirst();
        double seconds = (last.at - first.at) / 1000.0;
        return seconds <= 0 ? 0 : (last.published.getOrDefault(topic, 0L) - first.published.getOrDefault(topic, 0L)) / seconds;
    }

    /** One point a second: connections and sessions then, and the message rates since the point before. */
    synchronized List<Map<String, Object>> series() {
        List<Map<String, Object>> points = new ArrayList<>(samples.size());
        Sample before = null;
        for (Sample s : samples) {
            if (before != null) {
                double seconds = Math.max(0.001, (s.at - before.at) / 1000.0);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("at", s.at);
                p.put("connections", s.overview.connections());
                p.put("sessionsOnline", s.overview.sessionsOnline());
                p.put("publishedPerSecond", (s.overview.messagesPublished() - before.overview.messagesPublished()) / seconds);
                p.put("sentPerSecond", (s.overview.messagesSent() - before.overview.messagesSent()) / seconds);
                points.add(p);
            }
            before = s;
        }
        return points;
    }
}
