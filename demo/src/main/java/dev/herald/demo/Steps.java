package dev.herald.demo;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.client.SessionStart;
import dev.herald.broker.server.HeraldServer;
import dev.herald.demo.Participant.Published;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The original test sequence, step by step, against a started broker, through the client
 * library only. Each step tells the transcript what happens and adds the checks of what the
 * original promises to {@code checks}.
 */
final class Steps {

    static final String STORED = "Step 2: the broker stored both messages, with increasing ids";
    static final String ERROR_1 = "Error handling 1: SUB SPORTS is answered ERR UNKNOWN_TOPIC";
    static final String ERROR_2 = "Error handling 2: PUB SPORTS is answered ERR UNKNOWN_TOPIC";
    static final String SUBSCRIBERS_LEFT = "Step 5: every subscriber disconnected (DISC_ACK)";
    static final String EXPIRED_REACHED_NOBODY = "Step 6: the expired message reached nobody";
    static final String ALL_LEFT = "Step 7: every client disconnected (DISC_ACK)";

    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(10);
    private static final int PROGRESS_DOTS = 30;

    private final HeraldServer server;
    private final Duration ttl;
    private final Transcript transcript;
    private final List<Check> checks;
    private final String host;
    private final List<Participant> participants = new ArrayList<>();

    /**
     * @param ttl    the offline TTL to wait past in step 6
     * @param checks where the checks go, so that those made survive a step that throws
     */
    Steps(HeraldServer server, Duration ttl, Transcript transcript, List<Check> checks) {
        this.server = server;
        this.ttl = ttl;
        this.transcript = transcript;
        this.checks = checks;
        InetSocketAddress address = server.address();
        this.host = address.getAddress() == null || address.getAddress().isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress().getHostAddress() : address.getHostString();
    }

    static String receivedStored(String subscriber) {
        return "Step 3: " + subscriber + " received exactly the stored messages of its topics";
    }

    static String receivedNew(String subscriber) {
        return "Step 4: " + subscriber + " received exactly the new messages of its topics";
    }

    static String receivedFresh(String subscriber) {
        return "Step 6: " + subscriber + " resumed its session and received exactly the fresh messages";
    }

    /** Runs every step; the participants' connections are closed whatever happens. */
    void run() {
        try {
            runSteps();
        } finally {
            participants.forEach(Participant::close);
        }
    }

    private void runSteps() {
        transcript.heading("Step 1: the broker starts");
        transcript.say("Broker", "listening on " + host + ":" + server.port() + " (store " + server.storeName()
                + ", offline TTL " + Transcript.describe(ttl) + ")");

        transcript.heading("Step 2: two publishers publish WEATHER and NEWS; the broker stores the messages");
        Participant publisher1 = participant("Publisher 1", "publisher-1");
        Participant publisher2 = participant("Publisher 2", "publisher-2");
        publisher1.connect();
        publisher2.connect();
        Published weather1 = publish(publisher1, "WEATHER", "It is sunny today");
        Published news1 = publish(publisher2, "NEWS", "Local elections are next Sunday");
        check(STORED, news1.id() > weather1.id(), "ids " + weather1.id() + " and " + news1.id());

        transcript.heading("Step 3: three subscribers subscribe and receive the stored messages");
        Participant subscriber1 = participant("Subscriber 1", "subscriber-1");
        Participant subscriber2 = participant("Subscriber 2", "subscriber-2");
        Participant subscriber3 = participant("Subscriber 3", "subscriber-3");
        List<Participant> subscribers = List.of(subscriber1, subscriber2, subscriber3);
        for (Participant s : subscribers) {
            s.firstIdOfRun(weather1.id());
            s.connect();
        }
        // subscribe() returns once the stored messages were delivered: no waiting needed
        subscriber1.subscribe("NEWS");
        subscriber2.subscribe("WEATHER");
        subscriber3.subscribe("NEWS");
        subscriber3.subscribe("WEATHER");
        expectSince(receivedStored(subscriber1.name), subscriber1, 0, List.of(news1));
        expectSince(receivedStored(subscriber2.name), subscriber2, 0, List.of(weather1));
        expectSince(receivedStored(subscriber3.name), subscriber3, 0, List.of(news1, weather1));

        transcript.heading("Step 4: the publishers go on; the subscribers receive the new messages");
        Map<Participant, Integer> marks = marks(subscribers);
        Published weather2 = publish(publisher1, "WEATHER", "Rain expected at noon");
        Published news2 = publish(publisher2, "NEWS", "The new library opens on Monday");
        expectSince(receivedNew(subscriber1.name), subscriber1, marks.get(subscriber1), List.of(news2));
        expectSince(receivedNew(subscriber2.name), subscriber2, marks.get(subscriber2), List.of(weather2));
        expectSince(receivedNew(subscriber3.name), subscriber3, marks.get(subscriber3), List.of(weather2, news2));

        transcript.heading("Error handling 1: a subscriber subscribes to a topic the broker does not have");
        expectUnknownTopic(ERROR_1, () -> subscriber1.subscribe("SPORTS"));
        transcript.heading("Error handling 2: a publisher publishes to a topic the broker does not have");
        expectUnknownTopic(ERROR_2, () -> publisher1.publish("SPORTS", "Football update"));

        transcript.heading("Step 5: all subscribers disconnect; the broker keeps their sessions");
        List<String> notAcknowledged = new ArrayList<>();
        for (Participant s : subscribers) {
            if (!s.disconnect()) {
                notAcknowledged.add(s.name);
            }
        }
        check(SUBSCRIBERS_LEFT, notAcknowledged.isEmpty(),
                notAcknowledged.isEmpty() ? "3 of 3" : "no DISC_ACK for " + notAcknowledged);

        transcript.heading("Step 6: while the subscribers are away, a message expires and fresh ones come;"
                + " only messages younger than the offline TTL (" + Transcript.describe(ttl) + ") are delivered");
        Published expired = publish(publisher1, "WEATHER", "Fog this morning (this one will expire)");
        waitPastTtl(System.nanoTime());
        Published weather3 = publish(publisher1, "WEATHER", "Clear skies tonight");
        Published news3 = publish(publisher2, "NEWS", "The cup final is tonight");
        marks = marks(subscribers);
        Map<Participant, SessionStart> resumed = new java.util.LinkedHashMap<>();
        for (Participant s : subscribers) {
            resumed.put(s, s.resume()); // the queued messages are delivered before resume() returns
        }
        expectResumed(subscriber1, resumed.get(subscriber1), marks.get(subscriber1), List.of(news3));
        expectResumed(subscriber2, resumed.get(subscriber2), marks.get(subscriber2), List.of(weather3));
        expectResumed(subscriber3, resumed.get(subscriber3), marks.get(subscriber3), List.of(weather3, news3));
        // Queued messages come only before resume() returns, and nothing is published after: this is final.
        List<String> reached = new ArrayList<>();
        for (Participant s : subscribers) {
            if (s.receivedAll().contains(expired)) {
                reached.add(s.name);
            }
        }
        check(EXPIRED_REACHED_NOBODY, reached.isEmpty(),
                reached.isEmpty() ? expired + " was delivered to no subscriber" : expired + " reached " + reached);

        transcript.heading("Step 7: all clients disconnect");
        notAcknowledged.clear();
        for (Participant p : participants) {
            if (!p.disconnect()) {
                notAcknowledged.add(p.name);
            }
        }
        check(ALL_LEFT, notAcknowledged.isEmpty(),
                notAcknowledged.isEmpty() ? participants.size() + " of " + participants.size()
                        : "no DISC_ACK for " + notAcknowledged);
    }

    private Participant participant(String name, String clientId) {
        Participant p = new Participant(name, clientId, host, server.port(), transcript);
        participants.add(p);
        return p;
    }

    private static Published publish(Participant publisher, String topic, String payload) {
        return new Published(publisher.publish(topic, payload), topic, payload);
    }

    private static Map<Participant, Integer> marks(List<Participant> subscribers) {
        Map<Participant, Integer> marks = new java.util.HashMap<>();
        subscribers.forEach(s -> marks.put(s, s.mark()));
        return marks;
    }

    private void expectSince(String name, Participant subscriber, int mark, List<Published> expected) {
        subscriber.awaitReceived(mark, expected.size(), DELIVERY_DEADLINE);
        List<Published> got = subscriber.receivedSince(mark);
        check(name, got.equals(expected), "expected " + expected + ", got " + got);
    }

    private void expectResumed(Participant subscriber, SessionStart start, int mark, List<Published> expected) {
        List<Published> got = subscriber.receivedSince(mark);
        boolean ok = start.resumed() && start.queued() == expected.size() && got.equals(expected);
        check(receivedFresh(subscriber.name), ok, "expected CONN_ACK RESUMED " + expected.size() + " and " + expected
                + ", got CONN_ACK " + (start.resumed() ? "RESUMED " : "NEW ") + start.queued() + " and " + got);
    }

    private void expectUnknownTopic(String name, Runnable request) {
        try {
            request.run();
            check(name, false, "the request succeeded");
        } catch (ServerErrorException e) {
            check(name, e.code() == ErrorCode.UNKNOWN_TOPIC, "ERR " + e.code() + " " + e.text());
        }
    }

    /**
     * Waits until the message acknowledged at {@code ackedAtNanos} is older than the TTL, with
     * a margin: it was published a little before its acknowledgement came back. Shows its
     * progress as a row of dots, which reads well on a terminal and in a file alike.
     */
    private void waitPastTtl(long ackedAtNanos) {
        Duration margin = Duration.ofMillis(Math.clamp(ttl.toMillis() / 10, 200, 1_000));
        Duration wait = ttl.plus(margin);
        long waitNanos = wait.toNanos();
        transcript.progress("          waiting " + Transcript.describe(wait) + " for it to pass the offline TTL ");
        int shown = 0;
        while (true) {
            long elapsed = System.nanoTime() - ackedAtNanos;
            int due = (int) Math.min(PROGRESS_DOTS, elapsed * PROGRESS_DOTS / waitNanos);
            if (due > shown) {
                transcript.progress(".".repeat(due - shown));
                shown = due;
            }
            if (elapsed >= waitNanos) {
                break;
            }
            LockSupport.parkNanos(Math.min(waitNanos - elapsed, waitNanos / PROGRESS_DOTS + 1));
        }
        transcript.progress(" done");
        transcript.endProgress();
    }

    private void check(String name, boolean passed, String detail) {
        checks.add(new Check(name, passed, detail));
    }
}
