package dev.herald.transport.mqtt.listener;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an MQTT session keeps across its connections while the server runs: the QoS 1 and 2
 * messages sent to the client and not yet acknowledged (sent again, with DUP, when a
 * persistent session reconnects), the QoS 2 messages whose PUBREL is outstanding, and the
 * packet ids of inbound QoS 2 messages received but not yet released, so that a resent one
 * is not published twice. Thread safe: the session's connection reader and the topics'
 * drainers use it.
 */
final class MqttSessionState {

    /** An outbound message in flight: sent at {@code qos} under {@code packetId}, not yet acknowledged. */
    record InFlight(int packetId, Message message, int qos) {
    }

    /** An MQTT 5.0 subscription's options: its Subscription Identifier (0 for none), No Local and Retain As Published. */
    record Options(TopicFilter filter, int id, boolean noLocal, boolean retainAsPublished) {
    }

    /**
     * What the subscriptions that match a topic ask of its deliveries: their Subscription
     * Identifiers, how many have No Local, and whether one has Retain As Published.
     */
    record Matched(List<Integer> ids, int noLocal, boolean retainAsPublished) {
        static final Matched NONE = new Matched(List.of(), 0, false);
    }

    /** The options of the session's subscriptions made in MQTT 5.0 with any, made on first use. */
    private List<Options> options = List.of();

    // Made on first use: a session that only publishes at QoS 0, or is idle, holds none of them.
    /** Awaiting PUBACK (QoS 1) or PUBREC (QoS 2), in the order sent. */
    private Map<Integer, InFlight> unacknowledged = Map.of();
    /** Ids of the messages in {@link #unacknowledged}, to leave them out of a replay. */
    private Set<Long> unacknowledgedIds = Set.of();
    /** QoS 2 messages the client has received (PUBREC): awaiting PUBCOMP after our PUBREL. */
    private Set<Integer> released = Set.of();
    /** Inbound QoS 2 packet ids stored and answered with PUBREC, awaiting the client's PUBREL. */
    private Set<Integer> received = Set.of();
    private int lastPacketId;

    /**
     * Sends a message at QoS 1 or 2: gives it the next free packet id and keeps it until it
     * is acknowledged. Returns -1 when {@code window} messages are in flight already (with
     * {@code window} 0, there is no bound).
     */
    synchronized int send(Message message, int qos, int window) {
        if (window > 0 && unacknowledged.size() + released.size() >= window) {
            return -1;
        }
        int id = lastPacketId;
        do {
            id = id == 0xFFFF ? 1 : id + 1;
        } while (unacknowledged.containsKey(id) || released.contains(id));
        lastPacketId = id;
        if (!(unacknowledged instanceof LinkedHashMap)) {
            unacknowledged = new LinkedHashMap<>();
            unacknowledgedIds = new HashSet<>();
        }
        unacknowledged.put(id, new InFlight(id, message, qos));
        unacknowledgedIds.add(message.id());
        return id;
    }

    /** A replayed QoS 1 or 2 message waiting for room in the window (retained: sent with RETAIN 1). */
    record Waiting(Message message, int qos, boolean retained) {
    }

    /** A waiting message now in flight under {@code packetId}. */
    record Released(int packetId, Waiting waiting) {
    }

    /** Replayed messages that found the window full, in order; made on first use. */
    private java.util.ArrayDeque<Waiting> waiting;

    /** Whether replayed messages wait for room in the window: then later ones wait behind them. */
    synchronized boolean hasWaiting() {
        return waiting != null && !waiting.isEmpty();
    }

    /** Keeps a replayed message until the window has room for it. */
    synchronized void await(Waiting w) {
        if (waiting == null) {
            waiting = new java.util.ArrayDeque<>();
        }
        waiting.add(w);
    }

    /**
     * The next waiting message, now in flight under the packet id it was given, or null when
     * none waits or the window is still full.
     */
    synchronized Released nextWaiting(int window) {
        Waiting w = waiting == null ? null : waiting.peek();
        if (w == null) {
            return null;
        }
        int id = send(w.message(), w.qos(), window);
        if (id < 0) {
            return null;
        }
        waiting.remove();
        return new Released(id, w);
    }

    /** Forgets the waiting messages: a new connection of the session gets them again from its offline queue. */
    synchronized void forgetWaiting() {
        waiting = null;
    }

    /** Whether a stored message is in flight, so a replay leaves it out: it is sent again as it was. */
    synchronized boolean inFlight(Message message) {
        return unacknowledgedIds.contains(message.id());
    }

    /** PUBACK: a QoS 1 message is delivered. False for an id not in flight at QoS 1. */
    synchronized boolean acknowledged(int packetId) {
        InFlight f = unacknowledged.get(packetId);
        if (f == null || f.qos() != 1) {
            return false;
        }
        unacknowledged.remove(packetId);
        unacknowledgedIds.remove(f.message().id());
        return true;
    }

    /** PUBREC: a QoS 2 message is received by the client, which now awaits our PUBREL. False for an id not in flight at QoS 2. */
    synchronized boolean receivedByClient(int packetId) {
        InFlight f = unacknowledged.get(packetId);
        if (f == null || f.qos() != 2) {
            return released.contains(packetId); // a PUBREC sent again: answer with PUBREL again
        }
        unacknowledged.remove(packetId);
        unacknowledgedIds.remove(f.message().id());
        if (!(released instanceof LinkedHashSet)) {
            released = new LinkedHashSet<>();
        }
        released.add(packetId);
        return true;
    }

    /**
     * MQTT 5.0's PUBREC with a failure reason code: the client will not take the message, and
     * the exchange ends [MQTT-4.3.3-4]. False for an id not in flight.
     */
    synchronized boolean refusedByClient(int packetId) {
        InFlight f = unacknowledged.remove(packetId);
        if (f == null) {
            return false;
        }
        unacknowledgedIds.remove(f.message().id());
        return true;
    }

    /** A subscription was made or replaced, with its options. */
    synchronized void subscribed(Options made) {
        unsubscribed(made.filter());
        if (made.id() > 0 || made.noLocal() || made.retainAsPublished()) {
            if (!(options instanceof ArrayList)) {
                options = new ArrayList<>();
            }
            options.add(made);
        }
    }

    /** A subscription ended. */
    synchronized void unsubscribed(TopicFilter filter) {
        if (!options.isEmpty()) {
            options.removeIf(s -> s.filter().text().equals(filter.text()));
        }
    }

    /** What the subscriptions that match a topic ask; their identifiers in the order made [MQTT-3.3.4-3]. */
    synchronized Matched matched(String topic) {
        if (options.isEmpty()) {
            return Matched.NONE;
        }
        List<Integer> ids = new ArrayList<>(2);
        int noLocal = 0;
        boolean retainAsPublished = false;
        for (Options s : options) {
            if (s.filter().matches(topic)) {
                if (s.id() > 0) {
                    ids.add(s.id());
                }
                noLocal += s.noLocal() ? 1 : 0;
                retainAsPublished |= s.retainAsPublished();
            }
        }
        return new Matched(ids, noLocal, retainAsPublished);
    }

    /** PUBCOMP: the QoS 2 exchange is over. */
    synchronized void completed(int packetId) {
        if (!released.isEmpty()) {
            released.remove(packetId);
        }
    }

    /** What a reconnecting persistent session is sent again, in order: the unacknowledged messages. */
    synchronized List<InFlight> unacknowledged() {
        return new ArrayList<>(unacknowledged.values());
    }

    /** The QoS 2 messages whose PUBREL is sent again on reconnect. */
    synchronized List<Integer> released() {
        return new ArrayList<>(released);
    }

    /** The stored messages in flight or waiting for the window, for the offline queue when the session goes offline. */
    synchronized List<Message> unacknowledgedMessages() {
        List<Message> messages = new ArrayList<>(unacknowledged.size());
        for (InFlight f : unacknowledged.values()) {
            messages.add(f.message());
        }
        if (waiting != null) {
            for (Waiting w : waiting) {
                messages.add(w.message());
            }
        }
        return messages;
    }

    /**
     * An inbound QoS 2 PUBLISH: true the first time its packet id is seen (publish it), false
     * while the id awaits its PUBREL (a resend: answer PUBREC again, publish nothing).
     */
    synchronized boolean firstReceipt(int packetId) {
        if (!(received instanceof HashSet)) {
            received = new HashSet<>();
        }
        return received.add(packetId);
    }

    /** The store failed to take an inbound QoS 2 message: a resend of it must be published. */
    synchronized void forgetReceipt(int packetId) {
        if (!received.isEmpty()) {
            received.remove(packetId);
        }
    }

    /** PUBREL of an inbound QoS 2 message: its id may be used for a new message. False for an id not awaiting it. */
    synchronized boolean releasedByClient(int packetId) {
        return !received.isEmpty() && received.remove(packetId);
    }
}
