package dev.herald.transport.mqtt.codec;

import java.util.EnumSet;
import java.util.Set;

import static dev.herald.transport.mqtt.codec.PacketType.AUTH;
import static dev.herald.transport.mqtt.codec.PacketType.CONNACK;
import static dev.herald.transport.mqtt.codec.PacketType.CONNECT;
import static dev.herald.transport.mqtt.codec.PacketType.DISCONNECT;
import static dev.herald.transport.mqtt.codec.PacketType.PUBACK;
import static dev.herald.transport.mqtt.codec.PacketType.PUBCOMP;
import static dev.herald.transport.mqtt.codec.PacketType.PUBLISH;
import static dev.herald.transport.mqtt.codec.PacketType.PUBREC;
import static dev.herald.transport.mqtt.codec.PacketType.PUBREL;
import static dev.herald.transport.mqtt.codec.PacketType.SUBACK;
import static dev.herald.transport.mqtt.codec.PacketType.SUBSCRIBE;
import static dev.herald.transport.mqtt.codec.PacketType.UNSUBACK;
import static dev.herald.transport.mqtt.codec.PacketType.UNSUBSCRIBE;

/**
 * The properties of MQTT 5.0 (section 2.2.2.2, Table 2-4): each one's identifier, the type of
 * its value, and the packets that may carry it. {@code WILL} stands for a CONNECT's will
 * properties, which are not the CONNECT's own.
 */
public enum Property {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, true, PUBLISH),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE_INTEGER, true, PUBLISH),
    CONTENT_TYPE(0x03, Type.UTF8_STRING, true, PUBLISH),
    RESPONSE_TOPIC(0x08, Type.UTF8_STRING, true, PUBLISH),
    CORRELATION_DATA(0x09, Type.BINARY, true, PUBLISH),
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE_INTEGER, false, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE_INTEGER, false, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8_STRING, false, CONNACK),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE_INTEGER, false, CONNACK),
    AUTHENTICATION_METHOD(0x15, Type.UTF8_STRING, false, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, Type.BINARY, false, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, false, CONNECT),
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE_INTEGER, true),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, false, CONNECT),
    RESPONSE_INFORMATION(0x1A, Type.UTF8_STRING, false, CONNACK),
    SERVER_REFERENCE(0x1C, Type.UTF8_STRING, false, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, Type.UTF8_STRING, false, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK,
            DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE_INTEGER, false, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE_INTEGER, false, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE_INTEGER, false, PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, false, CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, false, CONNACK),
    USER_PROPERTY(0x26, Type.UTF8_STRING_PAIR, true, PacketType.values()),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE_INTEGER, false, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, false, CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, false, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, false, CONNACK);

    /** How a property's value is encoded (section 1.5). */
    public enum Type {
        BYTE, TWO_BYTE_INTEGER, FOUR_BYTE_INTEGER, VARIABLE_BYTE_INTEGER, UTF8_STRING, BINARY, UTF8_STRING_PAIR
    }

    private static final Property[] BY_ID = new Property[0x2B];

    static {
        for (Property p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final Type type;
    private final boolean will;
    private final Set<PacketType> packets;

    Property(int id, Type type, boolean will, PacketType... packets) {
        this.id = id;
        this.type = type;
        this.will = will;
        this.packets = packets.length == 0 ? EnumSet.noneOf(PacketType.class) : EnumSet.of(packets[0], packets);
    }

    /** The identifier on the wire. */
    public int id() {
        return id;
    }

    /** The type of its value. */
    public Type type() {
        return type;
    }

    /** Whether it may appear more than once in one packet: only User Property and Subscription Identifier. */
    public boolean repeatable() {
        return this == USER_PROPERTY || this == SUBSCRIPTION_IDENTIFIER;
    }

    /**
     * Whether it may appear more than once in a packet of {@code type}: a SUBSCRIBE carries one
     * Subscription Identifier at most (section 3.8.2.1.2), a PUBLISH one per matching subscription.
     */
    boolean repeatableIn(PacketType type) {
        return this == USER_PROPERTY || this == SUBSCRIPTION_IDENTIFIER && type == PacketType.PUBLISH;
    }

    /** Whether a packet of {@code type} may carry it; with {@code will}, whether a will may. */
    boolean allowedIn(PacketType type, boolean will) {
        return will ? this.will : packets.contains(type);
    }

    /** The property of an identifier, or {@code null} for one the standard does not define. */
    static Property of(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
