package dev.herald.demo;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.wire.Escaping;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.client.SessionStart;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One client of the sequence under its display name ("Subscriber 1"): makes requests through
 * the client library, tells the transcript what it sent and what came back, and keeps the
 * messages it received for the checks.
 */
final class Participant implements AutoCloseable {

    /** What was published, as the checks compare it (the publish time is the server's). */
    record Published(long id, String topic, String payload) {
        static Published of(Message m) {
            return new Published(m.id(), m.topic(), m.payload());
        }

        @Override
        public String toString() {
            return topic + " #" + id;
        }
    }

    final String name;
    final HeraldClient client;
    private final Transcript transcript;
    private final List<Published> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger fromEarlierRuns = new AtomicInteger();
    private volatile long firstIdOfRun = 1;

    Participant(String name, String clientId, String host, int port, Transcript transcript) {
        this.name = name;
        this.transcript = transcript;
        this.client = HeraldClient.builder().host(host).port(port).clientId(clientId).build();
    }

    /**
     * Messages with a lower id were published before this run (a durable store keeps its
     * history between runs): they are counted, not shown or checked.
     */
    void firstIdOfRun(long id) {
        this.firstIdOfRun = id;
    }

    private void onMessage(Message m) {
        if (m.id() < firstIdOfRun) {
            fromEarlierRuns.incrementAndGet();
            return;
        }
        received.add(Published.of(m));
        transcript.say(name, "received " + m.topic() + " #" + m.id() + ", published at "
                + transcript.sinceStart(m.publishedAt()) + ": \"" + Escaping.escape(m.payload()) + "\"");
    }

    SessionStart connect() {
        transcript.say(name, "sends CONN " + client.clientId());
        SessionStart start = client.connect();
        transcript.say(name, "got CONN_ACK NEW " + start.queued());
        return start;
    }

    SessionStart resume() {
        transcript.say(name, "sends RECON " + client.clientId());
        SessionStart start = client.resume();
        transcript.say(name, "got CONN_ACK " + (start.resumed() ? "RESUMED " : "NEW ") + start.queued()
                + (start.queued() > 0 ? " (the queued messages are shown above)" : ""));
        return start;
    }

    /**
     * @throws ServerErrorException after telling the transcript about it
     */
    long publish(String topic, String payload) {
        transcript.say(name, "sends PUB " + topic + " \"" + Escaping.escape(payload) + "\"");
        try {
            long id = client.publish(topic, payload);
            transcript.say(name, "got PUB_ACK " + topic + " " + id);
            return id;
        } catch (ServerErrorException e) {
            transcript.say(name, "got ERR " + e.code() + " " + e.text());
            throw e;
        }
    }

    /**
     * @throws ServerErrorException after telling the transcript about it
     */
    int subscribe(String topic) {
        transcript.say(name, "sends SUB " + topic);
        try {
            fromEarlierRuns.set(0);
            int history = client.subscribe(topic, this::onMessage);
            int earlier = fromEarlierRuns.getAndSet(0);
            transcript.say(name, "got SUB_ACK " + topic + " " + history
                    + (history > 0 ? " (the stored messages are shown above)" : "")
                    + (earlier > 0 ? "; " + earlier + " of them from earlier runs, not shown" : ""));
            return history;
        } catch (ServerErrorException e) {
            transcript.say(name, "got ERR " + e.code() + " " + e.text());
            throw e;
        }
    }

    /** @return whether the server confirmed with DISC_ACK */
    boolean disconnect() {
        transcript.say(name, "sends DISC");
        boolean acknowledged = client.disconnect();
        transcript.say(name, acknowledged ? "got DISC_ACK" : "lost the connection before DISC_ACK");
        return acknowledged;
    }

    /** How many messages it received so far; a mark for {@link #receivedSince}. */
    int mark() {
        return received.size();
    }

    List<Published> receivedSince(int mark) {
        List<Published> all = List.copyOf(received);
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    List<Published> receivedAll() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} messages arrived after {@code mark}, or the deadline passed. */
    boolean awaitReceived(int mark, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (received.size() - mark < count) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return true;
    }

    @Override
    public void close() {
        client.close();
    }
}
