package dev.herald.transport.mqtt.listener;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
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
import dev.herald.transport.mqtt.codec.Properties;
import dev.herald.transport.mqtt.codec.Property;
import dev.herald.transport.mqtt.codec.ReasonCode;
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
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

/**
 * The MQTT reader of one connection, for MQTT 3.1.1 and 5.0 alike (the CONNECT's protocol
 * level decides): reads its packets and turns them into calls of the engine. The first
 * packet must be a CONNECT [MQTT-3.1.0-1], and a second one is a protocol violation
 * [MQTT-3.1.0-2]. A violation closes the connection: in MQTT 3.1.1 without a word
 * [MQTT-4.8.0-1], except those the standard answers with a CONNACK return code first; in
 * MQTT 5.0 after a CONNACK or DISCONNECT with the reason code [MQTT-4.13.1-1].
 *
 * <p>Publishes are stored asynchronously and answered (PUBACK, PUBREC) in the order they
 * arrived [MQTT-4.6.0-2], [MQTT-4.6.0-3]. A publish the client may not make (a topic the
 * server does not have, or not allowed by the users file) closes an MQTT 3.1.1 connection,
 * which has no negative acknowledgement; MQTT 5.0 answers it with a reason code instead.
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
    private MqttDecoder decoder;
    private MqttSessionState state;
    /** The session the connection went online in (it stays known after a takeover moves the session away). */
    private Session session;
    private Connect connect;
    /** The protocol level of the connection: 4 (MQTT 3.1.1) or 5 (MQTT 5.0). */
    private int level = MqttPacket.PROTOCOL_LEVEL;
    /** The Session Expiry Interval in force, in seconds (MQTT 5.0). */
    private long sessionExpiry;
    /** Whether the client asked for reason strings and user properties on every packet (MQTT 5.0). */
    private boolean problemInformation = true;
    /** The topic names the client's Topic Aliases stand for (MQTT 5.0), made on first use. */
    private String[] topicAliases;
    /** The client's QoS 1 and 2 publishes not yet acknowledged (QoS 2: released), against its Receive Maximum. */
    private final AtomicInteger inboundInFlight = new AtomicInteger();
    /** Whether the client ended the connection with DISCONNECT: then its will is not sent [MQTT-3.1.2-10]. */
    private boolean disconnected;

    MqttConnection(Link link, MqttWire wire, int maxPacketSize) {
        this.link = link;
        this.broker = link.broker();
        this.wire = wire;
        this.maxPacketSize = maxPacketSize;
    }

    private boolean v5() {
        return level >= MqttPacket.PROTOCOL_LEVEL_5;
    }

    /** The read loop; returns when the connection is done. */
    void run(InputStream raw) {
        ElasticInputStream in = new ElasticInputStream(raw);
        decoder = new MqttDecoder(in, maxPacketSize, MqttDecoder.Receiver.SERVER);
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
            link.lastFrame(answer(e));
        } catch (IOException e) {
            link.readFailed(true);
            LOG.log(DEBUG, () -> link.describe() + " read failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(ERROR, "unexpected failure serving MQTT on " + link.describe() + "; closing it", e);
            link.lastFrame(v5() ? disconnect(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "the server failed") : null);
        } finally {
            sendWill();
            link.ended();
        }
    }

    /** What a violation is answered with before the connection closes, or null for nothing. */
    private byte[] answer(MqttProtocolException e) {
        if (connect == null) {
            if (decoder.protocolLevel() >= MqttPacket.PROTOCOL_LEVEL_5) {
                return MqttEncoder.encode(new Connack(false, e.reasonCode(), reason(e.getMessage())),
                        MqttPacket.PROTOCOL_LEVEL_5);
            }
            return e.action().connack().map(code -> MqttEncoder.encode(new Connack(false, code))).orElse(null);
        }
        return v5() ? disconnect(e.reasonCode(), e.getMessage()) : null;
    }

    /** Handles a packet; false when the connection is to be closed. */
    private boolean handle(MqttPacket packet) throws MqttProtocolException {
        if (connect == null) {
            if (!(packet instanceof Connect c)) {
                throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                        "the first packet must be CONNECT, not " + packet.type() + " [MQTT-3.1.0-1]");
            }
            return connect(c);
        }
        switch (packet) {
            case Connect c -> throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, "a second CONNECT [MQTT-3.1.0-2]");
            case Publish p -> {
                return publish(p);
            }
            case Puback a -> {
                if (state.acknowledged(a.packetId())) {
                    windowOpened();
                }
            }
            case Pubrec r -> pubrec(r);
            case Pubcomp c -> {
                state.completed(c.packetId());
                windowOpened(); // a QoS 2 message counts against the window until its PUBCOMP [MQTT-3.3.4-9]
            }
            case Pubrel r -> {
                boolean known = state.releasedByClient(r.packetId());
                if (known) {
                    inboundInFlight.decrementAndGet();
                }
                link.reply(encode(v5() && !known
                        ? new Pubcomp(r.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.NONE)
                        : new Pubcomp(r.packetId())));
            }
            case Subscribe s -> subscribe(s);
            case Unsubscribe u -> unsubscribe(u);
            case Pingreq p -> link.reply(PINGRESP);
            case Disconnect d -> {
                return disconnectReceived(d);
            }
            case MqttPacket.Auth a -> throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                    "AUTH without an Authentication Method in the CONNECT (section 4.12)");
            default -> throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                    packet.type() + " is never sent to a server [MQTT-4.8.0-1]");
        }
        return true;
    }

    /**
     * An acknowledgement made room in the window: replayed messages that waited for it go
     * first, then the engine's live messages resume.
     */
    private void windowOpened() {
        for (byte[] next = wire.nextWaiting(session); next != null; next = wire.nextWaiting(session)) {
            link.reply(next);
        }
        link.windowOpened();
    }

    private byte[] encode(MqttPacket packet) {
        return MqttEncoder.encode(packet, level);
    }

    /** A reason string, when the client wants them (MQTT 5.0's Request Problem Information). */
    private Properties reason(String text) {
        return problemInformation && text != null && !text.isEmpty()
                ? Properties.builder().add(Property.REASON_STRING, text).build() : Properties.NONE;
    }

    /** An MQTT 5.0 DISCONNECT from the server, with a reason string [MQTT-3.14.2-1]. */
    private byte[] disconnect(int reasonCode, String why) {
        return MqttEncoder.encode(new Disconnect(reasonCode,
                Properties.builder().add(Property.REASON_STRING, why).build()), MqttPacket.PROTOCOL_LEVEL_5);
    }

    private void pubrec(Pubrec r) {
        if (v5() && ReasonCode.isFailure(r.reasonCode())) { // the client refused it: the exchange ends [MQTT-4.3.3-4]
            if (state.refusedByClient(r.packetId())) {
                windowOpened();
            }
            return;
        }
        if (state.receivedByClient(r.packetId())) {
            link.windowOpened();
            link.reply(encode(new Pubrel(r.packetId())));
        } else if (v5()) {
            link.reply(encode(new Pubrel(r.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.NONE)));
        }
    }

    // ---- CONNECT ----

    private boolean connect(Connect c) {
        connect = c;
        level = c.protocolLevel();
        Properties properties = c.properties();
        if (v5()) {
            problemInformation = properties.number(Property.REQUEST_PROBLEM_INFORMATION, 1) == 1;
            if (properties.has(Property.AUTHENTICATION_METHOD)) {
                return refuse(ReasonCode.BAD_AUTHENTICATION_METHOD, "enhanced authentication ("
                        + properties.string(Property.AUTHENTICATION_METHOD) + ") is not supported; use a user name and password");
            }
            wire.limits(ClientLimits.of(properties));
        }
        boolean assigned = c.clientId().isEmpty();
        String clientId = assigned ? "herald-" + UUID.randomUUID() : c.clientId(); // [MQTT-3.1.3-6]
        if (clientId.length() > Names.MAX_CLIENT_ID_LENGTH) { // [MQTT-3.1.3-6]: the server's choice
            return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client ids have at most "
                    + Names.MAX_CLIENT_ID_LENGTH + " characters");
        }
        try {
            String password = c.password() == null ? null : new String(c.password(), StandardCharsets.UTF_8);
            link.user(broker.authenticate(c.userName(), password, link));
        } catch (ProtocolException e) {
            return refuse(c.userName() == null ? ReasonCode.NOT_AUTHORIZED : ReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    e.getMessage());
        }
        if (c.will() != null) {
            try {
                broker.checkTopic(c.will().topic(), link.user());
            } catch (ProtocolException e) {
                return refuse(e.code() == ErrorCode.NOT_AUTHORIZED ? ReasonCode.NOT_AUTHORIZED : ReasonCode.TOPIC_NAME_INVALID,
                        "will: " + e.getMessage());
            }
        }
        link.loggedIn();
        int keepAlive = c.keepAlive();
        // MQTT 5.0: broker.idle-timeout is the most a keep alive may be, told as Server Keep Alive (section 3.2.2.3.14)
        int maxKeepAlive = (int) Math.min(0xFFFF, Math.max(1, broker.config().idleTimeout().toSeconds()));
        boolean serverKeepAlive = v5() && (keepAlive == 0 || keepAlive > maxKeepAlive);
        if (serverKeepAlive) {
            keepAlive = maxKeepAlive;
        }
        if (keepAlive > 0) {
            link.idleLimit(Duration.ofMillis(keepAlive * 1500L)); // [MQTT-3.1.2-24]
        }
        long maxExpiry = broker.config().sessionExpiry().toSeconds();
        long asked = properties.number(Property.SESSION_EXPIRY_INTERVAL, 0);
        sessionExpiry = Math.min(asked, maxExpiry);
        Properties.Builder acknowledged = Properties.builder();
        if (v5()) {
            acknowledged.add(Property.RECEIVE_MAXIMUM, MqttProtocol.RECEIVE_MAXIMUM)
                    .add(Property.TOPIC_ALIAS_MAXIMUM, MqttProtocol.TOPIC_ALIAS_MAXIMUM)
                    .add(Property.MAXIMUM_PACKET_SIZE, (long) maxPacketSize)
                    // available by default; said anyway, as clients show them (section 3.2.2.3)
                    .add(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, 1)
                    .add(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1)
                    .add(Property.SHARED_SUBSCRIPTION_AVAILABLE, 1);
            if (assigned) {
                acknowledged.add(Property.ASSIGNED_CLIENT_IDENTIFIER, clientId);
            }
            if (serverKeepAlive) {
                acknowledged.add(Property.SERVER_KEEP_ALIVE, keepAlive);
            }
            if (sessionExpiry != asked) { // the server's maximum, broker.session.expiry
                acknowledged.add(Property.SESSION_EXPIRY_INTERVAL, sessionExpiry);
            }
        }
        Properties connackProperties = acknowledged.build();
        try {
            if (c.cleanSession()) {
                broker.connect(link, clientId, link.user(), connack(false, connackProperties), !v5() || sessionExpiry == 0);
                attach();
            } else {
                broker.resume(link, clientId, link.user(), n -> {
                    attach();
                    return resumed(connackProperties);
                }, connack(false, connackProperties));
                attach();
            }
            if (v5()) {
                broker.sessionExpiry(link, sessionExpiry * 1000);
            }
        } catch (ProtocolException e) {
            return refuse(ReasonCode.NOT_AUTHORIZED, e.getMessage());
        } catch (StoreException e) {
            LOG.log(ERROR, "the store failed starting the session of " + link.describe() + ": " + e.getMessage(), e);
            return refuse(ReasonCode.SERVER_UNAVAILABLE, "the store failed");
        }
        return true;
    }

    private void attach() {
        Session online = link.session();
        if (online != null && state == null) {
            session = online;
            state = MqttWire.stateOf(online);
            state.forgetWaiting(); // what waited for the last connection is in the offline queue
            wire.attach(state);
        }
    }

    private byte[] connack(boolean sessionPresent, Properties properties) {
        return encode(new Connack(sessionPresent, ReasonCode.SUCCESS, properties));
    }

    /**
     * The CONNACK of a resumed session, then what was in flight sent again: unacknowledged
     * messages with DUP and their packet ids, and PUBREL for QoS 2 messages the client had
     * received [MQTT-4.4.0-1].
     */
    private byte[] resumed(Properties connackProperties) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(connack(true, connackProperties));
        for (MqttSessionState.InFlight f : state.unacknowledged()) {
            out.writeBytes(wire.resent(session, f));
        }
        for (int packetId : state.released()) {
            out.writeBytes(encode(new Pubrel(packetId)));
        }
        return out.toByteArray();
    }

    /**
     * Answers CONNECT with a refusal and closes [MQTT-3.2.2-5]; false. An MQTT 3.1.1 client
     * gets the return code nearest to the reason code.
     */
    private boolean refuse(int reasonCode, String why) {
        LOG.log(INFO, "{0}: CONNECT refused (0x{1}): {2}", link.describe(), Integer.toHexString(reasonCode), why);
        link.lastFrame(v5() ? encode(new Connack(false, reasonCode, reason(why)))
                : MqttEncoder.encode(new Connack(false, switch (reasonCode) {
                    case ReasonCode.CLIENT_IDENTIFIER_NOT_VALID -> ConnectReturnCode.IDENTIFIER_REJECTED;
                    case ReasonCode.BAD_USER_NAME_OR_PASSWORD -> ConnectReturnCode.BAD_USER_NAME_OR_PASSWORD;
                    case ReasonCode.SERVER_UNAVAILABLE -> ConnectReturnCode.SERVER_UNAVAILABLE;
                    default -> ConnectReturnCode.NOT_AUTHORIZED;
                })));
        disconnected = true; // a refused connection has no will
        return false;
    }

    // ---- PUBLISH ----

    private boolean publish(Publish p) throws MqttProtocolException {
        String name = v5() ? resolveTopic(p) : p.topic();
        int packetId = p.packetId();
        if (p.qos() > 0 && inboundInFlight.incrementAndGet() > MqttProtocol.RECEIVE_MAXIMUM && v5()) {
            throw new MqttProtocolException(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than "
                    + MqttProtocol.RECEIVE_MAXIMUM + " QoS 1 and 2 publishes unacknowledged [MQTT-3.3.4-9]");
        }
        Topic topic;
        try {
            topic = broker.checkTopic(name, link.user());
        } catch (ProtocolException e) {
            return refusePublish(p, name, e);
        }
        byte[] properties = application(p.properties());
        long expiresAt = expiresAt(p.properties());
        switch (p.qos()) {
            case 0 -> link.publish(topic, p.payload(), null, 0, p.retain(), properties, expiresAt, PUBLISH_OVERHEAD,
                    (t, stored) -> stored != null ? NOTHING : null);
            case 1 -> link.publish(topic, p.payload(), null, 1, p.retain(), properties, expiresAt, PUBLISH_OVERHEAD, (t, stored) -> {
                inboundInFlight.decrementAndGet();
                return stored != null ? encode(new Puback(packetId)) : null;
            });
            default -> {
                if (!state.firstReceipt(packetId)) { // sent again before our PUBREC reached it [MQTT-4.3.3-2]
                    inboundInFlight.decrementAndGet();
                    link.reply(encode(new Pubrec(packetId)));
                    return true;
                }
                MqttSessionState s = state;
                link.publish(topic, p.payload(), null, 2, p.retain(), properties, expiresAt, PUBLISH_OVERHEAD, (t, stored) -> {
                    if (stored == null) {
                        s.forgetReceipt(packetId);
                        inboundInFlight.decrementAndGet();
                        return null;
                    }
                    return encode(new Pubrec(packetId));
                });
            }
        }
        return true;
    }

    /**
     * The properties of a message that the server passes on unchanged, as the store keeps
     * them [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20]: Payload Format Indicator,
     * Content Type, Response Topic, Correlation Data and User Properties.
     */
    private static byte[] application(Properties properties) {
        if (properties.isEmpty()) {
            return NOTHING;
        }
        Properties kept = properties.only(Properties.APPLICATION);
        return kept.isEmpty() ? NOTHING : kept.toBytes();
    }

    /** When a message with these properties expires (epoch ms of the engine's clock), or never. */
    private long expiresAt(Properties properties) {
        long seconds = properties.number(Property.MESSAGE_EXPIRY_INTERVAL, -1);
        return seconds < 0 ? Message.NEVER_EXPIRES : broker.config().clock().millis() + seconds * 1000;
    }

    /**
     * The topic name of an MQTT 5.0 PUBLISH: its own, which a Topic Alias then stands for, or
     * the one its Topic Alias stands for when it has none (section 3.3.2.3.4).
     */
    private String resolveTopic(Publish p) throws MqttProtocolException {
        Properties properties = p.properties();
        if (properties.has(Property.SUBSCRIPTION_IDENTIFIER)) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                    "PUBLISH from a client with a Subscription Identifier [MQTT-3.3.4-6]");
        }
        if (!properties.has(Property.TOPIC_ALIAS)) {
            return p.topic();
        }
        int alias = (int) properties.number(Property.TOPIC_ALIAS, 0);
        if (alias == 0 || alias > MqttProtocol.TOPIC_ALIAS_MAXIMUM) {
            throw new MqttProtocolException(ReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias " + alias + " is not 1 to "
                    + MqttProtocol.TOPIC_ALIAS_MAXIMUM + " [MQTT-3.3.2-8] [MQTT-3.3.2-9]");
        }
        if (topicAliases == null) {
            topicAliases = new String[MqttProtocol.TOPIC_ALIAS_MAXIMUM + 1];
        }
        if (!p.topic().isEmpty()) {
            topicAliases[alias] = p.topic();
            return p.topic();
        }
        String name = topicAliases[alias];
        if (name == null) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, "Topic Alias " + alias
                    + " stands for no topic yet (section 3.3.2.3.4)");
        }
        return name;
    }

    /**
     * A publish the client may not make: MQTT 3.1.1 closes the connection; MQTT 5.0 answers
     * QoS 1 and 2 with the reason code and drops QoS 0 (which has no answer) with a log line.
     */
    private boolean refusePublish(Publish p, String name, ProtocolException e) {
        LOG.log(INFO, "{0}: PUBLISH to {1} refused ({2})", link.describe(), name, e.getMessage());
        if (!v5()) {
            link.lastFrame(null);
            return false;
        }
        int code = e.code() == ErrorCode.NOT_AUTHORIZED ? ReasonCode.NOT_AUTHORIZED : ReasonCode.TOPIC_NAME_INVALID;
        if (p.qos() > 0) {
            inboundInFlight.decrementAndGet();
            Properties why = reason(e.getMessage());
            link.reply(encode(p.qos() == 1 ? new Puback(p.packetId(), code, why) : new Pubrec(p.packetId(), code, why)));
        }
        return true;
    }

    // ---- SUBSCRIBE and UNSUBSCRIBE ----

    private void subscribe(Subscribe s) throws MqttProtocolException {
        int subscriptionId = (int) s.properties().number(Property.SUBSCRIPTION_IDENTIFIER, 0);
        List<Integer> codes = new ArrayList<>(s.subscriptions().size());
        List<TopicFilter> filters = new ArrayList<>();
        List<MqttPacket.Subscription> granted = new ArrayList<>();
        for (MqttPacket.Subscription sub : s.subscriptions()) {
            try {
                TopicFilter filter = broker.checkFilter(sub.filter(), link.user(), Users.Access.SUBSCRIBE);
                int at = filters.indexOf(filter);
                if (at >= 0) { // the same filter twice: the last one counts
                    filters.remove(at);
                    granted.remove(at);
                }
                filters.add(filter);
                granted.add(sub);
                codes.add(sub.qos());
            } catch (ProtocolException e) {
                LOG.log(DEBUG, () -> link.describe() + ": subscription to " + sub.filter() + " refused: " + e.getMessage());
                codes.add(!v5() ? Suback.FAILURE
                        : e.code() == ErrorCode.NOT_AUTHORIZED ? ReasonCode.NOT_AUTHORIZED : ReasonCode.TOPIC_FILTER_INVALID);
            }
        }
        byte[] suback = encode(new Suback(s.packetId(), codes));
        link.awaitPendingReplies();
        if (filters.isEmpty()) {
            link.reply(suback);
            return;
        }
        int[] qos = new int[filters.size()];
        int[] retainHandling = new int[filters.size()];
        for (int i = 0; i < filters.size(); i++) {
            qos[i] = granted.get(i).qos();
            retainHandling[i] = granted.get(i).retainHandling();
            MqttPacket.Subscription g = granted.get(i);
            state.subscribed(new MqttSessionState.Options(filters.get(i), subscriptionId, g.noLocal(), g.retainAsPublished()));
        }
        broker.subscribe(link, filters, qos, retainHandling, n -> suback);
    }

    private void unsubscribe(Unsubscribe u) {
        List<TopicFilter> filters = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (String text : u.filters()) {
            try {
                TopicFilter filter = broker.checkFilter(text, null, null);
                filters.add(filter);
                state.unsubscribed(filter);
                codes.add(session != null && session.subscribed(filter.text()) ? ReasonCode.SUCCESS
                        : ReasonCode.NO_SUBSCRIPTION_EXISTED);
            } catch (ProtocolException e) {
                codes.add(ReasonCode.NO_SUBSCRIPTION_EXISTED); // a filter the server cannot have is not subscribed
            }
        }
        link.awaitPendingReplies();
        broker.unsubscribe(link, filters, encode(v5() ? new Unsuback(u.packetId(), codes, Properties.NONE)
                : new Unsuback(u.packetId())));
    }

    // ---- DISCONNECT and the will ----

    /**
     * The client's DISCONNECT: no will unless MQTT 5.0's reason code 0x04 asks for it, and a
     * new Session Expiry Interval, which may not turn 0 into another value (section 3.14.2.2.2).
     */
    private boolean disconnectReceived(Disconnect d) throws MqttProtocolException {
        if (d.properties().has(Property.SESSION_EXPIRY_INTERVAL)) {
            long asked = d.properties().number(Property.SESSION_EXPIRY_INTERVAL, 0);
            if (sessionExpiry == 0 && asked != 0) {
                throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                        "DISCONNECT sets a Session Expiry Interval after a CONNECT with 0 (section 3.14.2.2.2)");
            }
            sessionExpiry = Math.min(asked, broker.config().sessionExpiry().toSeconds());
            broker.sessionExpiry(link, sessionExpiry * 1000);
        }
        disconnected = d.reasonCode() != ReasonCode.DISCONNECT_WITH_WILL;
        link.awaitPendingReplies();
        broker.disconnect(link, null);
        return false;
    }

    /**
     * Publishes the will of a connection that ended without DISCONNECT [MQTT-3.1.2-8]. An MQTT
     * 5.0 will with a Will Delay Interval goes at the earlier of the delay and the session's
     * end, and not at all if a new connection resumes the session first [MQTT-3.1.3-9].
     */
    private void sendWill() {
        if (disconnected || connect == null || connect.will() == null) {
            return;
        }
        MqttPacket.Will will = connect.will();
        long delay = Math.min(will.properties().number(Property.WILL_DELAY_INTERVAL, 0), sessionExpiry);
        Session session = this.session;
        if (delay == 0 || session == null) {
            publishWill(will);
            return;
        }
        broker.later(delay * 1000, () -> {
            if (session.ended() || !session.online()) {
                publishWill(will);
            }
        });
    }

    private void publishWill(MqttPacket.Will will) {
        broker.publish(will.topic(), will.message(), will.qos(), will.retain(), application(will.properties()),
                expiresAt(will.properties())).whenComplete((m, failure) -> {
            if (failure != null) {
                LOG.log(ERROR, "the will of " + link.describe() + " to " + will.topic() + " was not stored: "
                        + failure.getMessage());
            }
        });
    }
}
