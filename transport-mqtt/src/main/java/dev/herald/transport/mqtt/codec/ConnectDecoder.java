package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Will;
import dev.herald.transport.mqtt.codec.MqttProtocolException.Action;

/** Reads the variable header and payload of a CONNECT (section 3.1). */
final class ConnectDecoder {

    private ConnectDecoder() {
    }

    static Connect decode(FieldReader fields) throws MqttProtocolException {
        String protocolName = fields.readString("protocol name");
        if (!MqttPacket.PROTOCOL_NAME.equals(protocolName)) {
            throw new MqttProtocolException("CONNECT with protocol name '" + protocolName + "', not 'MQTT' [MQTT-3.1.2-1]");
        }
        int level = fields.readByte("protocol level");
        if (level != MqttPacket.PROTOCOL_LEVEL && level != MqttPacket.PROTOCOL_LEVEL_5) {
            throw new MqttProtocolException(Action.REFUSE_PROTOCOL_LEVEL,
                    "CONNECT with protocol level " + level + ", not 4 (MQTT 3.1.1) or 5 (MQTT 5.0) [MQTT-3.1.2-2]");
        }
        boolean v5 = level == MqttPacket.PROTOCOL_LEVEL_5;
        int flags = fields.readByte("connect flags");
        ConnectFlags.check(flags, v5);
        int keepAlive = fields.readShort("keep alive");
        Properties properties = v5 ? Properties.read(fields, PacketType.CONNECT, false) : Properties.NONE;
        // the payload's fields come in this order, each present exactly when its flag is set
        // [MQTT-3.1.3-1] [MQTT-3.1.2-9] [MQTT-3.1.2-11] [MQTT-3.1.2-18..21]
        String clientId = fields.readString("client identifier"); // [MQTT-3.1.3-3] [MQTT-3.1.3-4]
        Will will = null;
        if ((flags & ConnectFlags.WILL) != 0) {
            Properties willProperties = v5 ? Properties.read(fields, PacketType.CONNECT, true) : Properties.NONE;
            String topic = Topics.checkName(fields.readString("will topic"), PacketType.CONNECT); // [MQTT-3.1.3-10]
            will = new Will(topic, fields.readBinary("will message"), ConnectFlags.willQos(flags),
                    (flags & ConnectFlags.WILL_RETAIN) != 0, willProperties);
        }
        String userName = (flags & ConnectFlags.USER_NAME) != 0 ? fields.readString("user name") : null; // [MQTT-3.1.3-11]
        byte[] password = (flags & ConnectFlags.PASSWORD) != 0 ? fields.readBinary("password") : null;
        fields.end();
        boolean cleanSession = (flags & ConnectFlags.CLEAN_SESSION) != 0;
        if (clientId.isEmpty() && !cleanSession && !v5) {
            throw new MqttProtocolException(Action.REFUSE_CLIENT_ID,
                    "CONNECT with an empty client identifier and CleanSession 0 [MQTT-3.1.3-8]");
        }
        if (properties.has(Property.AUTHENTICATION_DATA) && !properties.has(Property.AUTHENTICATION_METHOD)) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR,
                    "CONNECT with Authentication Data and no Authentication Method (section 3.1.2.11.10)");
        }
        return new Connect(protocolName, level, cleanSession, keepAlive, clientId, will, userName, password, properties);
    }

    /**
     * The protocol level of a CONNECT's body, or 0 when it is too short to tell: the decoder
     * learns from it how to answer a CONNECT it then finds broken.
     */
    static int level(byte[] body) {
        if (body.length < 2) {
            return 0;
        }
        int at = 2 + ((body[0] & 0xFF) << 8 | body[1] & 0xFF);
        return at < body.length ? body[at] & 0xFF : 0;
    }
}
