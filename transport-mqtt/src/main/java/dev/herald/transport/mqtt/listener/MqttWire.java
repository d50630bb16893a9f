package dev.herald.transport.mqtt.listener;

import dev.herald.broker.model.Message;
import dev.herald.broker.server.internal.Session;
import dev.herald.broker.server.internal.Wire;
import dev.herald.transport.mqtt.codec.EncodedPublish;

import java.util.List;
import java.util.function.IntFunction;

/**
 * MQTT's wire for one connection. A batch's topic and payloads are encoded once for every
 * MQTT subscriber; a QoS 0 delivery is those same bytes, a QoS 1 or 2 delivery adds the
 * subscriber's packet id. A message goes at the lower of its own QoS and the highest QoS of
 * the session's subscriptions that match it [MQTT-3.8.4-6]. Live deliveries carry RETAIN 0
 * [MQTT-3.3.1-9]; retained messages replayed to a new subscription carry RETAIN 1
 * [MQTT-3.3.1-8]. At most {@code window} QoS 1 and 2 messages are in flight to a client: past
 * it the wire takes no more, and the publishers wait as for a full outbound.
 */
final class MqttWire implements Wire {

    private static final Object PROTOCOL = MqttWire.class;

    private final int window;
    /** The session's state once the connection has one. */
    private volatile MqttSessionState state;
    /*
     * The subscription QoS last worked out, for one topic and one version of the session's
     * subscriptions (a batch is one topic's). Used under the outbound's lock, like live().
     */
    private Session qosSession;
    private String qosTopic;
    private int qosVersion;
    private int qosValue;

    MqttWire(int window) {
        this.window = window;
    }

    /** The state of the session the connection is now online in. */
    void attach(MqttSessionState state) {
        this.state = state;
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
        private final EncodedPublish[] encoded;
        private final byte[][] qos0;
        private byte[] topicField;

        Batch(List<Message> stored) {
            this.stored = stored;
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
    public Object encodeBatch(List<Message> stored, IntFunction<String> escaped) {
        return new Batch(stored);
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
        }
        return Math.min(message.qos(), qosValue);
    }

    @Override
    public byte[] live(Session session, Message message, Object batch, int index) {
        Batch b = (Batch) batch;
        int qos = cachedQos(session, message);
        if (qos == 0) {
            return b.qos0(index);
        }
        int packetId = stateOf(session).send(message, qos, window);
        return packetId < 0 ? null : b.encoded(index).toBytes(false, qos, false, packetId);
    }

    @Override
    public byte[] replayed(Session session, Message message, boolean retained) {
        MqttSessionState s = stateOf(session);
        if (!retained && s.inFlight(message)) {
            return null; // sent again as it was, with DUP, right after the CONNACK
        }
        int qos = qos(session, message);
        EncodedPublish encoded = EncodedPublish.of(message.topic(), message.payloadBytes());
        if (qos == 0) {
            return encoded.toBytes(false, 0, retained, 0);
        }
        return encoded.toBytes(false, qos, retained, s.send(message, qos, 0));
    }

    @Override
    public byte[] takenOver(String clientId) {
        return null; // MQTT 3.1.1 closes the old connection without a word [MQTT-3.1.4-2]
    }

    @Override
    public byte[] slowConsumer(String why) {
        return null;
    }

    @Override
    public List<Message> unacknowledged() {
        MqttSessionState s = state;
        return s == null ? List.of() : s.unacknowledgedMessages();
    }
}
