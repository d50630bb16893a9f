package dev.herald.transport.mqtt.listener;

import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.Properties;
import dev.herald.transport.mqtt.codec.Property;

/**
 * What a client's CONNECT asks of what the server sends it: its protocol level, and in MQTT
 * 5.0 its Receive Maximum (QoS 1 and 2 messages unacknowledged at most [MQTT-3.3.4-9]), its
 * Maximum Packet Size (larger messages are not sent to it [MQTT-3.1.2-25]) and its Topic
 * Alias Maximum (the aliases the server may use towards it [MQTT-3.1.2-26]).
 *
 * @param maximumPacketSize 0 for no limit but MQTT's own
 */
record ClientLimits(int level, int receiveMaximum, long maximumPacketSize, int topicAliasMaximum) {

    /** An MQTT 3.1.1 client's: nothing asked. */
    static final ClientLimits MQTT_3_1_1 = new ClientLimits(MqttPacket.PROTOCOL_LEVEL, 0xFFFF, 0, 0);

    /** The limits an MQTT 5.0 CONNECT's properties ask for; the defaults where it has none (section 3.1.2.11). */
    static ClientLimits of(Properties connect) {
        return new ClientLimits(MqttPacket.PROTOCOL_LEVEL_5,
                (int) connect.number(Property.RECEIVE_MAXIMUM, 0xFFFF),
                connect.number(Property.MAXIMUM_PACKET_SIZE, 0),
                (int) connect.number(Property.TOPIC_ALIAS_MAXIMUM, 0));
    }

    boolean v5() {
        return level >= MqttPacket.PROTOCOL_LEVEL_5;
    }

    /** Whether a packet of {@code size} bytes may be sent to the client. */
    boolean fits(long size) {
        return maximumPacketSize == 0 || size <= maximumPacketSize;
    }
}
