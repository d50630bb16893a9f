package dev.herald.transport.mqtt.listener;

import dev.herald.broker.model.Message;
import dev.herald.broker.server.internal.Session;
import dev.herald.broker.server.internal.Wire;
import dev.herald.transport.mqtt.codec.EncodedPublish;
import dev.herald.transport.mqtt.codec.MqttEncoder;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.Properties;
import dev.herald.transport.mqtt.codec.Property;
import dev.herald.transport.mqtt.codec.ReasonCode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MQTT's wire for one connection. A batch's topic and payloads are encoded once for every
 * MQTT subscriber; a QoS 0 delivery is those same bytes, a QoS 1 or 2 delivery adds the
 * subscriber's packet id. A message goes at the lower of its own QoS and the highest QoS of
 * the session's subscriptions that match it [MQTT-3.8.4-6]. Live deliveries carry RETAIN 0
 * [MQTT-3.3.1-9]; retained messages replayed to a new subscription carry RETAIN 1
 * [MQTT-3.3.1-8]. At most {@code window} QoS 1 and 2 messages are in flight to a client (its
 * Receive Maximum, if lower): past it the wire takes no more, and the publishers wait as for
 * a full outbound.
 *
 * <p>To an MQTT 5.0 client a delivery also carries the Subscription Identifiers of the
 * subscriptions it matches [MQTT-3.3.4-3], uses a Topic Alias where the client allows them,
 * and is left out when it is larger than the client's Maximum Packet Size [MQTT-3.1.2-25].
 */
final class MqttWire implements Wire {

    private static final Object PROTOCOL = MqttWire.class;
    /** A delivery left out: nothing is written, and it counts as delivered. */
    private static final byte[] LEFT_OUT = new byte[0];

    private final int window;
    /** The engine's clock: a message's Message Expiry Interval counts down on it. */
    private final java.time.Clock clock;
    private volatile ClientLimits limits = ClientLimits.MQTT_3_1_1;
    /** The session's state once the connection has one. */
    private volatile MqttSessionState state;
    /*
     * The subscription QoS and Subscription Identifiers last worked out, for one topic and one
     * version of the session's subscriptions (a batch is one topic's). Used under the
     * outbound's lock, like live().
     */
    private Session qosSession;
    private String qosTopic;
    private int qosVersion;
    private int qosValue;
    private MqttSessionState.Matched qosMatched = MqttSessionState.Matched.NONE;
    private int qosMatching;
    /** The Topic Aliases given to the client's topics (MQTT 5.0), under the outbound's lock; made on first use. */
    private Map<String, Integer> topicAliases;

    MqttWire(int window, java.time.Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /**
     * The Message Expiry Interval left of a message, in whole seconds rounded up, or -1 when
     * it has none [MQTT-3.3.2-6].
     */
    private static long expiryLeft(Message m, long now) {
        return m.expiresAt() == Message.NEVER_EXPIRES ? -1 : Math.max(1, (m.expiresAt() - now + 999) / 1000);
    }

    /** The properties of a delivery to an MQTT 5.0 client. */
    private static byte[] block(Message m, long now, List<Integer> subscriptionIds, int alias) {
        return EncodedPublish.propertyBlock(expiryLeft(m, now), m.properties(), subscriptionIds, alias);
    }

    /** The state of the session the connection is now online in. */
    void attach(MqttSessionState state) {
        this.state = state;
    }

    /** What the client's CONNECT asked for. */
    void limits(ClientLimits limits) {
        this.limits = limits;
    }

    static MqttSessionState stateOf(Session session) {
        return session.protocolState(MqttSessionState.class, MqttSessionState::new);
    }

    /**
     * A batch's shared encoding, made on first use: its topic once (a batch is one topic's),
     * each message's topic and payload, and its QoS 0 packet.
     */
    private static final class Batch {
        private final List<Message> stored;
        private final Published published;
        private final EncodedPublish[] encoded;
        private final byte[][] qos0;
        /** MQTT 5.0's QoS 0 packets without properties, made on first use. */
        private byte[][] qos0v5;
        private byte[] topicField;

        Batch(List<Message> stored, Published published) {
            this.stored = stored;
            this.published = published;
            this.encoded = new EncodedPublish[stored.size()];
            this.qos0 = new byte[stored.size()][];
        }

        private byte[] topicField(Message m) {
            if (topicField == null) {
                topicField = EncodedPublish.topicField(m.topic());
            }
            return topicField;
        }

        EncodedPublish encoded(int i) {
            EncodedPublish e = encoded[i];
            if (e == null) {
                Message m = stored.get(i);
                e = EncodedPublish.of(m.topic(), topicField(m), m.payloadBuffer());
                encoded[i] = e;
            }
            return e;
        }

        byte[] qos0v5(int i) {
            if (qos0v5 == null) {
                qos0v5 = new byte[stored.size()][];
            }
            byte[] packet = qos0v5[i];
            if (packet == null) {
                packet = encoded(i).toBytes(false, 0, false, 0, EncodedPublish.NO_PROPERTIES, false);
                qos0v5[i] = packet;
            }
            return packet;
        }

        byte[] qos0(int i) {
            byte[] packet = qos0[i];
            if (packet == null) {
                Message m = stored.get(i);
                packet = EncodedPublish.qos0Packet(topicField(m), m.payloadBuffer());
                qos0[i] = packet;
            }
            return packet;
        }
    }

    @Override
    public Object protocol() {
        return PROTOCOL;
    }

    @Override
    public Object encodeBatch(List<Message> stored, Published published) {
        return new Batch(stored, published);
    }

    private static int qos(Session session, Message message) {
        return Math.max(0, Math.min(message.qos(), session.qosFor(message.topic())));
    }

    /** {@link #qos(Session, Message)}, remembered for the topic while the session's subscriptions stay as they are. */
    private int cachedQos(Session session, Message message) {
        int version = session.subscriptionsVersion();
        String topic = message.topic();
        if (session != qosSession || version != qosVersion || !topic.equals(qosTopic)) {
            qosSession = session;
            qosVersion = version;
            qosTopic = topic;
            qosValue = Math.max(0, session.qosFor(topic));
            qosMatched = limits.v5() ? stateOf(session).matched(topic) : MqttSessionState.Matched.NONE;
            qosMatching = qosMatched.noLocal() > 0 ? session.subscriptionsMatching(topic) : 0;
        }
        return Math.min(message.qos(), qosValue);
    }

    @Override
    public byte[] live(Session session, Message message, Object batch, int index) {
        Batch b = (Batch) batch;
        int qos = cachedQos(session, message);
        ClientLimits l = limits;
        if (!l.v5()) {
            if (qos == 0) {
                return b.qos0(index);
            }
            int packetId = send(stateOf(session), message, qos);
            return packetId < 0 ? null : b.encoded(index).toBytes(false, qos, false, packetId);
        }
        MqttSessionState.Matched matched = qosMatched;
        if (matched.noLocal() > 0 && matched.noLocal() == qosMatching && b.published.publisher(index) == session) {
            return LEFT_OUT; // every subscription it matches has No Local [MQTT-3.8.3-3]
        }
        long now = clock.millis();
        if (message.expiredAt(now)) {
            return LEFT_OUT; // its Message Expiry Interval has passed [MQTT-3.3.2-5]
        }
        boolean retain = matched.retainAsPublished() && b.published.retain(index); // [MQTT-3.3.1-12]
        EncodedPublish encoded = b.encoded(index);
        byte[] block = block(message, now, matched.ids(), 0);
        if (!l.fits(encoded.size(qos, block, false))) {
            return LEFT_OUT;
        }
        if (qos == 0 && !retain && block == EncodedPublish.NO_PROPERTIES && l.topicAliasMaximum() == 0) {
            return b.qos0v5(index); // the same bytes for every such subscriber
        }
        int packetId = 0;
        if (qos > 0) {
            packetId = send(stateOf(session), message, qos);
            if (packetId < 0) {
                return null;
            }
        }
        int alias = 0;
        boolean aliased = false;
        if (l.topicAliasMaximum() > 0) {
            if (topicAliases == null) {
                topicAliases = new HashMap<>();
            }
            Integer known = topicAliases.get(message.topic());
            if (known != null) {
                alias = known;
                aliased = true;
            } else if (topicAliases.size() < l.topicAliasMaximum()) { // the first delivery names the topic and its alias
                alias = topicAliases.size() + 1;
            }
            byte[] aliasedBlock = alias > 0 ? block(message, now, matched.ids(), alias) : null;
            if (aliasedBlock != null && l.fits(encoded.size(qos, aliasedBlock, aliased))) {
                topicAliases.putIfAbsent(message.topic(), alias);
                block = aliasedBlock;
            } else { // no alias left, or one would take the packet over the Maximum Packet Size [MQTT-3.1.2-24]
                aliased = false;
            }
        }
        return encoded.toBytes(false, qos, retain, packetId, block, aliased);
    }

    @Override
    public byte[] replayed(Session session, Message message, boolean retained) {
        MqttSessionState s = stateOf(session);
        if (!retained && s.inFlight(message)) {
            return null; // sent again as it was, with DUP, right after the CONNACK
        }
        long now = clock.millis();
        if (message.expiredAt(now)) {
            return null; // its Message Expiry Interval has passed [MQTT-3.3.2-5]
        }
        int qos = qos(session, message);
        EncodedPublish encoded = EncodedPublish.of(message.topic(), message.payloadBytes());
        ClientLimits l = limits;
        byte[] block = l.v5() ? block(message, now, s.matched(message.topic()).ids(), 0) : null;
        if (block != null && !l.fits(encoded.size(qos, block, false))) {
            return null;
        }
        int packetId = 0;
        if (qos > 0) {
            packetId = send(s, message, qos);
            if (packetId < 0) { // the window is full: it goes when an acknowledgement makes room
                s.await(new MqttSessionState.Waiting(message, qos, retained));
                return null;
            }
        }
        return block == null ? encoded.toBytes(false, qos, retained, packetId)
                : encoded.toBytes(false, qos, retained, packetId, block, false);
    }

    /** The in-flight window: {@code window}, or the client's Receive Maximum if lower [MQTT-3.3.4-9]. */
    private int window() {
        return Math.min(window, limits.receiveMaximum());
    }

    /**
     * Puts a QoS 1 or 2 message in flight under a new packet id; -1 when the window is full,
     * or replayed messages wait for it (they go first).
     */
    private int send(MqttSessionState s, Message message, int qos) {
        return s.hasWaiting() ? -1 : s.send(message, qos, window());
    }

    /**
     * The next replayed message that waited for room in the window, now in flight, or null
     * when none waits or the window is still full. The connection sends these when an
     * acknowledgement makes room, before the engine's live messages resume.
     */
    byte[] nextWaiting(Session session) {
        MqttSessionState.Released r = stateOf(session).nextWaiting(window());
        if (r == null) {
            return null;
        }
        MqttSessionState.Waiting w = r.waiting();
        Message m = w.message();
        EncodedPublish encoded = EncodedPublish.of(m.topic(), m.payloadBytes());
        if (!limits.v5()) {
            return encoded.toBytes(false, w.qos(), w.retained(), r.packetId());
        }
        byte[] block = block(m, clock.millis(), stateOf(session).matched(m.topic()).ids(), 0);
        return encoded.toBytes(false, w.qos(), w.retained(), r.packetId(), block, false);
    }

    /** A message in flight sent again with DUP to a resumed session [MQTT-4.4.0-1]. */
    byte[] resent(Session session, MqttSessionState.InFlight f) {
        Message m = f.message();
        EncodedPublish encoded = EncodedPublish.of(m.topic(), m.payloadBytes());
        if (!limits.v5()) {
            return encoded.toBytes(true, f.qos(), false, f.packetId());
        }
        byte[] block = block(m, clock.millis(), stateOf(session).matched(m.topic()).ids(), 0);
        return encoded.toBytes(true, f.qos(), false, f.packetId(), block, false);
    }

    @Override
    public byte[] takenOver(String clientId) {
        // MQTT 3.1.1 closes the old connection without a word [MQTT-3.1.4-2]; 5.0 says why [MQTT-3.1.4-3]
        return limits.v5() ? disconnect(ReasonCode.SESSION_TAKEN_OVER, "another connection took session " + clientId + " over")
                : null;
    }

    @Override
    public byte[] slowConsumer(String why) {
        return limits.v5() ? disconnect(ReasonCode.QUOTA_EXCEEDED, why) : null;
    }

    private static byte[] disconnect(int reasonCode, String why) {
        return MqttEncoder.encode(new MqttPacket.Disconnect(reasonCode,
                Properties.builder().add(Property.REASON_STRING, why).build()), MqttPacket.PROTOCOL_LEVEL_5);
    }

    @Override
    public List<Message> unacknowledged() {
        MqttSessionState s = state;
        return s == null ? List.of() : s.unacknowledgedMessages();
    }
}
