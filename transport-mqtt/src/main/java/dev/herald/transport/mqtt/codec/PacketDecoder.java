package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Auth;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubcomp;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrec;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrel;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsuback;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;

import java.util.ArrayList;
import java.util.List;

/** Turns the bytes after a checked fixed header into a packet, checking its fields. */
final class PacketDecoder {

    private static final MqttPacket.Pingreq PINGREQ = new MqttPacket.Pingreq();
    private static final MqttPacket.Pingresp PINGRESP = new MqttPacket.Pingresp();
    private static final MqttPacket.Disconnect DISCONNECT = new MqttPacket.Disconnect();

    private PacketDecoder() {
    }

    /**
     * The packet of {@code header} whose remaining bytes are {@code body}.
     *
     * @throws MqttProtocolException when a field breaks the standard, or bytes are left after the last one
     */
    static MqttPacket decode(FixedHeader header, byte[] body, int level) throws MqttProtocolException {
        FieldReader fields = new FieldReader(header.type(), body, 0, body.length);
        boolean v5 = level >= MqttPacket.PROTOCOL_LEVEL_5;
        MqttPacket packet = switch (header.type()) {
            case CONNECT -> ConnectDecoder.decode(fields);
            case CONNACK -> connack(fields, v5);
            case PUBLISH -> publish(header.flags(), fields, v5);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> publishAcknowledgement(header.type(), fields, v5);
            case SUBSCRIBE -> subscribe(fields, v5);
            case SUBACK -> suback(fields, v5);
            case UNSUBSCRIBE -> unsubscribe(fields, v5);
            case UNSUBACK -> unsuback(fields, v5);
            case PINGREQ -> PINGREQ;
            case PINGRESP -> PINGRESP;
            case DISCONNECT -> v5 && fields.hasMore() ? disconnect(fields) : DISCONNECT;
            case AUTH -> auth(fields);
        };
        fields.end();
        return packet;
    }

    private static Connack connack(FieldReader fields, boolean v5) throws MqttProtocolException {
        int flags = fields.readByte("acknowledge flags");
        if ((flags & 0xFE) != 0) {
            throw new MqttProtocolException("CONNACK with reserved acknowledge flags set (section 3.2.2.1)");
        }
        int code = fields.readByte(v5 ? "reason code" : "return code");
        if (v5 ? !ReasonCode.allowedOn(PacketType.CONNACK, code) : ConnectReturnCode.of(code) == null) {
            throw new MqttProtocolException("CONNACK with reserved return code " + code + " (section 3.2.2)");
        }
        if (flags != 0 && code != 0) {
            throw new MqttProtocolException("CONNACK with session present and code " + code + " [MQTT-3.2.2-4]");
        }
        Properties properties = v5 ? Properties.read(fields, PacketType.CONNACK, false) : Properties.NONE;
        return new Connack(flags != 0, code, properties);
    }

    /**
     * A PUBLISH, whose flags {@link FixedHeader#read} has checked. In MQTT 5.0 the topic name
     * may be empty when a Topic Alias stands for it, and is a Protocol Error otherwise (section
     * 3.3.2.1); the receiver resolves it.
     */
    private static Publish publish(int flags, FieldReader fields, boolean v5) throws MqttProtocolException {
        int qos = FixedHeader.qos(flags);
        String topic = fields.readString("topic name");
        int packetId = qos > 0 ? fields.readPacketId() : 0; // [MQTT-2.3.1-5]
        Properties properties = v5 ? Properties.read(fields, PacketType.PUBLISH, false) : Properties.NONE;
        if (!(v5 && topic.isEmpty())) {
            Topics.checkName(topic, PacketType.PUBLISH); // [MQTT-3.3.2-1]
        } else if (!properties.has(Property.TOPIC_ALIAS)) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                    "PUBLISH with an empty topic name and no Topic Alias (section 3.3.2.1)");
        }
        return new Publish((flags & 0b1000) != 0, qos, (flags & 1) != 0, topic, packetId, fields.readRest(), properties);
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP: in MQTT 5.0 the reason code and properties may be left out (section 3.4.2.1). */
    private static MqttPacket publishAcknowledgement(PacketType type, FieldReader fields, boolean v5)
            throws MqttProtocolException {
        int packetId = fields.readPacketId();
        int code = ReasonCode.SUCCESS;
        Properties properties = Properties.NONE;
        if (v5 && fields.hasMore()) {
            code = reasonCode(type, fields);
            if (fields.hasMore()) {
                properties = Properties.read(fields, type, false);
            }
        }
        return switch (type) {
            case PUBACK -> new Puback(packetId, code, properties);
            case PUBREC -> new Pubrec(packetId, code, properties);
            case PUBREL -> new Pubrel(packetId, code, properties);
            default -> new Pubcomp(packetId, code, properties);
        };
    }

    private static int reasonCode(PacketType type, FieldReader fields) throws MqttProtocolException {
        int code = fields.readByte("reason code");
        if (!ReasonCode.allowedOn(type, code)) {
            throw new MqttProtocolException(type + " with reason code 0x" + Integer.toHexString(code)
                    + ", which it cannot have (section " + type.section() + ")");
        }
        return code;
    }

    private static Subscribe subscribe(FieldReader fields, boolean v5) throws MqttProtocolException {
        int packetId = fields.readPacketId();
        Properties properties = v5 ? Properties.read(fields, PacketType.SUBSCRIBE, false) : Properties.NONE;
        List<Subscription> subscriptions = new ArrayList<>();
        while (fields.hasMore()) {
            String filter = Topics.checkFilter(fields.readString("topic filter"), PacketType.SUBSCRIBE); // [MQTT-3.8.3-1]
            int options = fields.readByte(v5 ? "subscription options" : "requested QoS");
            int qos = options & 0b11;
            if (qos > 2 && !v5 || (options & (v5 ? 0b1100_0000 : 0b1111_1100)) != 0) {
                throw new MqttProtocolException("SUBSCRIBE with " + (v5 ? "subscription options" : "requested QoS")
                        + " byte " + options + " (reserved bits set or QoS 3) [MQTT-3-8.3-4] [MQTT-3.8.3-5]");
            }
            if (qos > 2) {
                throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE with Maximum QoS 3 (section 3.8.3.1)");
            }
            int retainHandling = options >>> 4 & 0b11;
            if (retainHandling == 3) {
                throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE with Retain Handling 3 (section 3.8.3.1)");
            }
            boolean noLocal = (options & 0b100) != 0;
            if (noLocal && filter.startsWith("$share/")) {
                throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                        "SUBSCRIBE with No Local on a shared subscription [MQTT-3.8.3-4]");
            }
            subscriptions.add(new Subscription(filter, qos, noLocal, (options & 0b1000) != 0, retainHandling));
        }
        if (subscriptions.isEmpty()) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE with no topic filter [MQTT-3.8.3-3]");
        }
        return new Subscribe(packetId, subscriptions, properties);
    }

    private static Suback suback(FieldReader fields, boolean v5) throws MqttProtocolException {
        int packetId = fields.readPacketId();
        Properties properties = v5 ? Properties.read(fields, PacketType.SUBACK, false) : Properties.NONE;
        List<Integer> codes = new ArrayList<>(fields.remaining());
        while (fields.hasMore()) {
            int code = fields.readByte("return code");
            if (v5 ? !ReasonCode.allowedOn(PacketType.SUBACK, code) : !Suback.isReturnCode(code)) {
                throw new MqttProtocolException("SUBACK with reserved return code " + code + " [MQTT-3.9.3-2]");
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw new MqttProtocolException("SUBACK with no return code (section 3.9.3)");
        }
        return new Suback(packetId, codes, properties);
    }

    private static Unsubscribe unsubscribe(FieldReader fields, boolean v5) throws MqttProtocolException {
        int packetId = fields.readPacketId();
        Properties properties = v5 ? Properties.read(fields, PacketType.UNSUBSCRIBE, false) : Properties.NONE;
        List<String> filters = new ArrayList<>();
        while (fields.hasMore()) {
            filters.add(Topics.checkFilter(fields.readString("topic filter"), PacketType.UNSUBSCRIBE)); // [MQTT-3.10.3-1]
        }
        if (filters.isEmpty()) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE with no topic filter [MQTT-3.10.3-2]");
        }
        return new Unsubscribe(packetId, filters, properties);
    }

    private static Unsuback unsuback(FieldReader fields, boolean v5) throws MqttProtocolException {
        int packetId = fields.readPacketId();
        if (!v5) {
            return new Unsuback(packetId);
        }
        Properties properties = Properties.read(fields, PacketType.UNSUBACK, false);
        List<Integer> codes = new ArrayList<>();
        while (fields.hasMore()) {
            codes.add(reasonCode(PacketType.UNSUBACK, fields));
        }
        if (codes.isEmpty()) {
            throw new MqttProtocolException("UNSUBACK with no reason code (section 3.11.3)");
        }
        return new Unsuback(packetId, codes, properties);
    }

    private static Disconnect disconnect(FieldReader fields) throws MqttProtocolException {
        int code = reasonCode(PacketType.DISCONNECT, fields);
        Properties properties = fields.hasMore() ? Properties.read(fields, PacketType.DISCONNECT, false) : Properties.NONE;
        return new Disconnect(code, properties);
    }

    /** An AUTH: empty for success without properties, else with its Authentication Method (section 3.15.2). */
    private static Auth auth(FieldReader fields) throws MqttProtocolException {
        if (!fields.hasMore()) {
            return new Auth(ReasonCode.SUCCESS, Properties.NONE);
        }
        int code = reasonCode(PacketType.AUTH, fields);
        Properties properties = fields.hasMore() ? Properties.read(fields, PacketType.AUTH, false) : Properties.NONE;
        if (!properties.has(Property.AUTHENTICATION_METHOD)) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                    "AUTH without an Authentication Method (section 3.15.2.2.2)");
        }
        return new Auth(code, properties);
    }
}
