package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
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
    static MqttPacket decode(FixedHeader header, byte[] body) throws MqttProtocolException {
        FieldReader fields = new FieldReader(header.type(), body, 0, body.length);
        MqttPacket packet = switch (header.type()) {
            case CONNECT -> ConnectDecoder.decode(fields);
            case CONNACK -> connack(fields);
            case PUBLISH -> publish(header.flags(), fields);
            case PUBACK -> new MqttPacket.Puback(fields.readPacketId());
            case PUBREC -> new MqttPacket.Pubrec(fields.readPacketId());
            case PUBREL -> new MqttPacket.Pubrel(fields.readPacketId());
            case PUBCOMP -> new MqttPacket.Pubcomp(fields.readPacketId());
            case SUBSCRIBE -> subscribe(fields);
            case SUBACK -> suback(fields);
            case UNSUBSCRIBE -> unsubscribe(fields);
            case UNSUBACK -> new MqttPacket.Unsuback(fields.readPacketId());
            case PINGREQ -> PINGREQ;
            case PINGRESP -> PINGRESP;
            case DISCONNECT -> DISCONNECT;
        };
        fields.end();
        return packet;
    }

    private static Connack connack(FieldReader fields) throws MqttProtocolException {
        int flags = fields.readByte("acknowledge flags");
        if ((flags & 0xFE) != 0) {
            throw new MqttProtocolException("CONNACK with reserved acknowledge flags set (section 3.2.2.1)");
        }
        int code = fields.readByte("return code");
        ConnectReturnCode returnCode = ConnectReturnCode.of(code);
        if (returnCode == null) {
            throw new MqttProtocolException("CONNACK with reserved return code " + code + " (section 3.2.2.3)");
        }
        if (flags != 0 && returnCode != ConnectReturnCode.ACCEPTED) {
            throw new MqttProtocolException("CONNACK with session present and return code " + code + " [MQTT-3.2.2-4]");
        }
        return new Connack(flags != 0, returnCode);
    }

    /** A PUBLISH, whose flags {@link FixedHeader#read} has checked. */
    private static Publish publish(int flags, FieldReader fields) throws MqttProtocolException {
        int qos = FixedHeader.qos(flags);
        String topic = Topics.checkName(fields.readString("topic name"), PacketType.PUBLISH); // [MQTT-3.3.2-1]
        int packetId = qos > 0 ? fields.readPacketId() : 0; // [MQTT-2.3.1-5]
        return new Publish((flags & 0b1000) != 0, qos, (flags & 1) != 0, topic, packetId, fields.readRest());
    }

    private static Subscribe subscribe(FieldReader fields) throws MqttProtocolException {
        int packetId = fields.readPacketId();
        List<Subscription> subscriptions = new ArrayList<>();
        while (fields.hasMore()) {
            String filter = Topics.checkFilter(fields.readString("topic filter"), PacketType.SUBSCRIBE); // [MQTT-3.8.3-1]
            int qos = fields.readByte("requested QoS");
            if (qos > 2) {
                throw new MqttProtocolException("SUBSCRIBE with requested QoS byte " + qos
                        + " (reserved bits set or QoS 3) [MQTT-3-8.3-4]");
            }
            subscriptions.add(new Subscription(filter, qos));
        }
        if (subscriptions.isEmpty()) {
            throw new MqttProtocolException("SUBSCRIBE with no topic filter [MQTT-3.8.3-3]");
        }
        return new Subscribe(packetId, subscriptions);
    }

    private static Suback suback(FieldReader fields) throws MqttProtocolException {
        int packetId = fields.readPacketId();
        List<Integer> codes = new ArrayList<>(fields.remaining());
        while (fields.hasMore()) {
            int code = fields.readByte("return code");
            if (!Suback.isReturnCode(code)) {
                throw new MqttProtocolException("SUBACK with reserved return code " + code + " [MQTT-3.9.3-2]");
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw new MqttProtocolException("SUBACK with no return code (section 3.9.3)");
        }
        return new Suback(packetId, codes);
    }

    private static Unsubscribe unsubscribe(FieldReader fields) throws MqttProtocolException {
        int packetId = fields.readPacketId();
        List<String> filters = new ArrayList<>();
        while (fields.hasMore()) {
            filters.add(Topics.checkFilter(fields.readString("topic filter"), PacketType.UNSUBSCRIBE)); // [MQTT-3.10.3-1]
        }
        if (filters.isEmpty()) {
            throw new MqttProtocolException("UNSUBSCRIBE with no topic filter [MQTT-3.10.3-2]");
        }
        return new Unsubscribe(packetId, filters);
    }
}
