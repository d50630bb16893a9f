package dev.herald.transport.mqtt.listener;

import dev.herald.broker.model.Names;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.model.TopicFilter;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.server.internal.Broker;
import dev.herald.broker.server.internal.Link;
import dev.herald.broker.server.internal.Session;
import dev.herald.broker.server.internal.Topic;
import dev.herald.broker.server.internal.Users;
import dev.herald.transport.mqtt.codec.ConnectReturnCode;
import dev.herald.transport.mqtt.codec.EncodedPublish;
import dev.herald.transport.mqtt.codec.MqttDecoder;
import dev.herald.transport.mqtt.codec.MqttEncoder;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Pingreq;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubcomp;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrec;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrel;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsuback;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;
import dev.herald.transport.mqtt.codec.MqttProtocolException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

/**
 * The MQTT 3.1.1 reader of one connection: reads its packets and turns them into calls of
 * the engine. The first packet must be a CONNECT [MQTT-3.1.0-1], and a second one is a
 * protocol violation [MQTT-3.1.0-2]; every violation closes the connection without a word
 * [MQTT-4.8.0-1], except those the standard answers with a CONNACK return code first.
 *
 * <p>Publishes are stored asynchronously and answered (PUBACK, PUBREC) in the order they
 * arrived [MQTT-4.6.0-2], [MQTT-4.6.0-3]. A publish the client may not make (a topic the
 * server does not have, or not allowed by the users file) closes the connection: MQTT 3.1.1
 * has no negative acknowledgement, and acknowledging it would lose it without a word.
 */
final class MqttConnection {

    private static final System.Logger LOG = System.getLogger(MqttConnection.class.getName());
    /** What a publish counts against the unstored bytes besides its payload. */
    private static final int PUBLISH_OVERHEAD = 16;
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] PINGRESP = MqttEncoder.encode(new MqttPacket.Pingresp());

    private final Link link;
    private final Broker broker;
    private final MqttWire wire;
    private final int maxPacketSize;
    private MqttSessionState state;
    private Connect connect;
    /** Whether the client ended the connection with DISCONNECT: then its will is not sent [MQTT-3.1.2-10]. */
    private boolean disconnected;

    MqttConnection(Link link, MqttWire wire, int maxPacketSize) {
        this.link = link;
        this.broker = link.broker();
        this.wire = wire;
        this.maxPacketSize = maxPacketSize;
    }

    /** The read loop; returns when the connection is done. */
    void run(InputStream raw) {
        ElasticInputStream in = new ElasticInputStream(raw);
        MqttDecoder decoder = new MqttDecoder(in, maxPacketSize, MqttDecoder.Receiver.SERVER);
        try {
            while (!link.isClosed() && !link.closing()) {
                MqttPacket packet = decoder.next();
                if (packet == null) {
                    break;
                }
                link.touch();
                link.awaitOwnRoom();
                if (!handle(packet)) {
                    break;
                }
                if (in.available() == 0) {
                    link.drainPublished();
                }
            }
        } catch (MqttProtocolException e) {
            LOG.log(DEBUG, () -> link.describe() + ": " + e.getMessage() + "; closing");
            byte[] answer = connect == null
                    ? e.action().connack().map(code -> MqttEncoder.encode(new Connack(false, code))).orElse(null)
                    : null;
            link.lastFrame(answer);
        } catch (IOException e) {
            link.readFailed(true);
            LOG.log(DEBUG, () -> link.describe() + " read failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(ERROR, "unexpected failure serving MQTT on " + link.describe() + "; closing it", e);
            link.lastFrame(null);
        } finally {
            sendWill();
            link.ended();
        }
    }

    /** Handles a packet; false when the connection is to be closed. */
    private boolean handle(MqttPacket packet) throws MqttProtocolException {
        if (connect == null) {
            if (!(packet instanceof Connect c)) {
                throw new MqttProtocolException("the first packet must be CONNECT, not " + packet.type() + " [MQTT-3.1.0-1]");
            }
            return connect(c);
        }
        switch (packet) {
            case Connect c -> throw new MqttProtocolException("a second CONNECT [MQTT-3.1.0-2]");
            case Publish p -> {
                return publish(p);
            }
            case Puback a -> {
                if (state.acknowledged(a.packetId())) {
                    link.windowOpened();
                }
            }
            case Pubrec r -> {
                if (state.receivedByClient(r.packetId())) {
                    link.windowOpened();
                    link.reply(MqttEncoder.encode(new Pubrel(r.packetId())));
                }
            }
            case Pubcomp c -> state.completed(c.packetId());
            case Pubrel r -> {
                state.releasedByClient(r.packetId());
                link.reply(MqttEncoder.encode(new Pubcomp(r.packetId())));
            }
            case Subscribe s -> subscribe(s);
            case Unsubscribe u -> unsubscribe(u);
            case Pingreq p -> link.reply(PINGRESP);
            case Disconnect d -> {
                disconnected = true;
                link.awaitPendingReplies();
                broker.disconnect(link, null);
                return false;
            }
            default -> throw new MqttProtocolException(packet.type() + " is never sent to a server [MQTT-4.8.0-1]");
        }
        return true;
    }

    // ---- CONNECT ----

    private boolean connect(Connect c) {
        connect = c;
        String clientId = c.clientId().isEmpty() ? "herald-" + UUID.randomUUID() : c.clientId(); // [MQTT-3.1.3-6]
        if (clientId.length() > Names.MAX_CLIENT_ID_LENGTH) { // [MQTT-3.1.3-6]: the server's choice
            return refuse(ConnectReturnCode.IDENTIFIER_REJECTED, "client ids have at most "
                    + Names.MAX_CLIENT_ID_LENGTH + " characters");
        }
        try {
            String password = c.password() == null ? null : new String(c.password(), StandardCharsets.UTF_8);
            link.user(broker.authenticate(c.userName(), password, link));
        } catch (ProtocolException e) {
            return refuse(c.userName() == null ? ConnectReturnCode.NOT_AUTHORIZED
                    : ConnectReturnCode.BAD_USER_NAME_OR_PASSWORD, e.getMessage());
        }
        if (c.will() != null) {
            try {
                broker.checkTopic(c.will().topic(), link.user());
            } catch (ProtocolException e) {
                return refuse(ConnectReturnCode.NOT_AUTHORIZED, "will: " + e.getMessage());
            }
        }
        link.loggedIn();
        if (c.keepAlive() > 0) {
            link.idleLimit(Duration.ofMillis(c.keepAlive() * 1500L)); // [MQTT-3.1.2-24]
        }
        try {
            if (c.cleanSession()) {
                broker.connect(link, clientId, link.user(), connack(false), true);
                attach();
            } else {
                broker.resume(link, clientId, link.user(), n -> {
                    attach();
                    return resumed();
                }, connack(false));
                attach();
            }
        } catch (ProtocolException e) {
            return refuse(ConnectReturnCode.NOT_AUTHORIZED, e.getMessage());
        } catch (StoreException e) {
            LOG.log(ERROR, "the store failed starting the session of " + link.describe() + ": " + e.getMessage(), e);
            return refuse(ConnectReturnCode.SERVER_UNAVAILABLE, "the store failed");
        }
        return true;
    }

    private void attach() {
        Session session = link.session();
        if (session != null && state == null) {
            state = MqttWire.stateOf(session);
            wire.attach(state);
        }
    }

    private static byte[] connack(boolean sessionPresent) {
        return MqttEncoder.encode(new Connack(sessionPresent, ConnectReturnCode.ACCEPTED));
    }

    /**
     * The CONNACK of a resumed session, then what was in flight sent again: unacknowledged
     * messages with DUP and their packet ids, and PUBREL for QoS 2 messages the client had
     * received [MQTT-4.4.0-1].
     */
    private byte[] resumed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(connack(true));
        for (MqttSessionState.InFlight f : state.unacknowledged()) {
            out.writeBytes(EncodedPublish.of(f.message().topic(), f.message().payloadBytes())
                    .toBytes(true, f.qos(), false, f.packetId()));
        }
        for (int packetId : state.released()) {
            out.writeBytes(MqttEncoder.encode(new Pubrel(packetId)));
        }
        return out.toByteArray();
    }

    /** Answers CONNECT with a refusal and closes [MQTT-3.2.2-5]; false. */
    private boolean refuse(ConnectReturnCode code, String why) {
        LOG.log(INFO, "{0}: CONNECT refused ({1}): {2}", link.describe(), code, why);
        link.lastFrame(MqttEncoder.encode(new Connack(false, code)));
        disconnected = true; // a refused connection has no will
        return false;
    }

    // ---- PUBLISH ----

    private boolean publish(Publish p) throws MqttProtocolException {
        Topic topic;
        try {
            topic = broker.checkTopic(p.topic(), link.user());
        } catch (ProtocolException e) {
            LOG.log(INFO, "{0}: PUBLISH to {1} refused ({2}); closing the connection", link.describe(), p.topic(), e.getMessage());
            link.lastFrame(null);
            return false;
        }
        int packetId = p.packetId();
        switch (p.qos()) {
            case 0 -> link.publish(topic, p.payload(), null, 0, p.retain(), PUBLISH_OVERHEAD,
                    (t, stored) -> stored != null ? NOTHING : null);
            case 1 -> link.publish(topic, p.payload(), null, 1, p.retain(), PUBLISH_OVERHEAD,
                    (t, stored) -> stored != null ? MqttEncoder.encode(new Puback(packetId)) : null);
            default -> {
                if (!state.firstReceipt(packetId)) { // sent again before our PUBREC reached it [MQTT-4.3.3-2]
                    link.reply(MqttEncoder.encode(new Pubrec(packetId)));
                    return true;
                }
                MqttSessionState s = state;
                link.publish(topic, p.payload(), null, 2, p.retain(), PUBLISH_OVERHEAD, (t, stored) -> {
                    if (stored == null) {
                        s.forgetReceipt(packetId);
                        return null;
                    }
                    return MqttEncoder.encode(new Pubrec(packetId));
                });
            }
        }
        return true;
    }

    // ---- SUBSCRIBE and UNSUBSCRIBE ----

    private void subscribe(Subscribe s) {
        List<Integer> codes = new ArrayList<>(s.subscriptions().size());
        List<TopicFilter> filters = new ArrayList<>();
        List<Integer> qos = new ArrayList<>();
        for (MqttPacket.Subscription sub : s.subscriptions()) {
            try {
                TopicFilter filter = broker.checkFilter(sub.filter(), link.user(), Users.Access.SUBSCRIBE);
                int at = filters.indexOf(filter);
                if (at >= 0) { // the same filter twice: the last one counts
                    filters.remove(at);
                    qos.remove(at);
                }
                filters.add(filter);
                qos.add(sub.qos());
                codes.add(sub.qos());
            } catch (ProtocolException e) {
                LOG.log(DEBUG, () -> link.describe() + ": subscription to " + sub.filter() + " refused: " + e.getMessage());
                codes.add(Suback.FAILURE);
            }
        }
        byte[] suback = MqttEncoder.encode(new Suback(s.packetId(), codes));
        link.awaitPendingReplies();
        if (filters.isEmpty()) {
            link.reply(suback);
            return;
        }
        broker.subscribe(link, filters, qos.stream().mapToInt(Integer::intValue).toArray(), true, n -> suback);
    }

    private void unsubscribe(Unsubscribe u) {
        List<TopicFilter> filters = new ArrayList<>();
        for (String text : u.filters()) {
            try {
                filters.add(broker.checkFilter(text, null, null));
            } catch (ProtocolException e) {
                // a filter the server cannot have is not subscribed: nothing to remove
            }
        }
        link.awaitPendingReplies();
        broker.unsubscribe(link, filters, MqttEncoder.encode(new Unsuback(u.packetId())));
    }

    // ---- the will ----

    /** Publishes the will of a connection that ended without DISCONNECT [MQTT-3.1.2-8]. */
    private void sendWill() {
        if (disconnected || connect == null || connect.will() == null) {
            return;
        }
        MqttPacket.Will will = connect.will();
        broker.publish(will.topic(), will.message(), will.qos(), will.retain()).whenComplete((m, failure) -> {
            if (failure != null) {
                LOG.log(ERROR, "the will of " + link.describe() + " to " + will.topic() + " was not stored: "
                        + failure.getMessage());
            }
        });
    }
}
