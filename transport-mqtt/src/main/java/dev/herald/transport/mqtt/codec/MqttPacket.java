package dev.herald.transport.mqtt.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An MQTT control packet, one record per type, for MQTT 3.1.1 and 5.0. The fields that only
 * MQTT 5.0 has (properties, reason codes, subscription options) are {@link Properties#NONE}
 * and 0 in MQTT 3.1.1 packets, and each record has a constructor without them. The records refuse fields no packet can
 * have (a QoS outside 0-2, a QoS 0 PUBLISH with a packet identifier, an empty SUBSCRIBE) with
 * {@link IllegalArgumentException}, and {@link MqttEncoder} refuses what does not fit on the
 * wire; {@link MqttDecoder} checks everything the standard asks of received bytes before it
 * builds a packet. Binary fields are not copied: treat them as read-only. Records with binary
 * fields compare and hash them by content.
 */
public sealed interface MqttPacket {

    /** The protocol name of MQTT 3.1.1 [MQTT-3.1.2-1]. */
    String PROTOCOL_NAME = "MQTT";
    /** The protocol level of MQTT 3.1.1 [MQTT-3.1.2-2]. */
    int PROTOCOL_LEVEL = 4;
    /** The protocol level of MQTT 5.0 (section 3.1.2.2). */
    int PROTOCOL_LEVEL_5 = 5;

    /** The type of this packet. */
    default PacketType type() {
        return switch (this) {
            case Connect p -> PacketType.CONNECT;
            case Connack p -> PacketType.CONNACK;
            case Publish p -> PacketType.PUBLISH;
            case Puback p -> PacketType.PUBACK;
            case Pubrec p -> PacketType.PUBREC;
            case Pubrel p -> PacketType.PUBREL;
            case Pubcomp p -> PacketType.PUBCOMP;
            case Subscribe p -> PacketType.SUBSCRIBE;
            case Suback p -> PacketType.SUBACK;
            case Unsubscribe p -> PacketType.UNSUBSCRIBE;
            case Unsuback p -> PacketType.UNSUBACK;
            case Pingreq p -> PacketType.PINGREQ;
            case Pingresp p -> PacketType.PINGRESP;
            case Disconnect p -> PacketType.DISCONNECT;
            case Auth p -> PacketType.AUTH;
        };
    }

    /**
     * The will of a CONNECT: the message the server publishes if the connection is lost.
     *
     * @param qos 0, 1 or 2 [MQTT-3.1.2-14]
     */
    record Will(String topic, byte[] message, int qos, boolean retain, Properties properties) {
        public Will {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(properties, "properties");
            checkQos(qos);
        }

        /** A will without properties, as MQTT 3.1.1 has it. */
        public Will(String topic, byte[] message, int qos, boolean retain) {
            this(topic, message, qos, retain, Properties.NONE);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Will w && topic.equals(w.topic) && Arrays.equals(message, w.message)
                    && qos == w.qos && retain == w.retain && properties.equals(w.properties);
        }

        @Override
        public int hashCode() {
            return Objects.hash(topic, Arrays.hashCode(message), qos, retain, properties);
        }

        @Override
        public String toString() {
            return "Will[topic=" + topic + ", message=" + Bytes.show(message) + ", qos=" + qos + ", retain=" + retain
                    + shown(properties) + "]";
        }
    }

    /**
     * CONNECT (section 3.1).
     *
     * @param will     the will, or {@code null}
     * @param userName the user name, or {@code null}
     * @param password the password, or {@code null}; in MQTT 3.1.1 only with a user name [MQTT-3.1.2-22]
     * @param cleanSession Clean Session in MQTT 3.1.1, Clean Start in MQTT 5.0
     */
    record Connect(String protocolName, int protocolLevel, boolean cleanSession, int keepAlive, String clientId,
                   Will will, String userName, byte[] password, Properties properties) implements MqttPacket {
        public Connect {
            Objects.requireNonNull(protocolName, "protocolName");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(properties, "properties");
            checkRange("protocolLevel", protocolLevel, 0, 0xFF);
            checkRange("keepAlive", keepAlive, 0, 0xFFFF);
            if (password != null && userName == null && protocolLevel < PROTOCOL_LEVEL_5) {
                throw new IllegalArgumentException("a password needs a user name [MQTT-3.1.2-22]");
            }
        }

        /** A CONNECT without properties. */
        public Connect(String protocolName, int protocolLevel, boolean cleanSession, int keepAlive, String clientId,
                       Will will, String userName, byte[] password) {
            this(protocolName, protocolLevel, cleanSession, keepAlive, clientId, will, userName, password, Properties.NONE);
        }

        /** A CONNECT of MQTT 3.1.1 without will or credentials. */
        public Connect(String clientId, boolean cleanSession, int keepAlive) {
            this(PROTOCOL_NAME, PROTOCOL_LEVEL, cleanSession, keepAlive, clientId, null, null, null);
        }

        /**
         * Whether the client id is one every server must accept: 1 to 23 characters of
         * 0-9, a-z, A-Z [MQTT-3.1.3-5]. The server decides about others [MQTT-3.1.3-6].
         */
        public boolean hasStandardClientId() {
            if (clientId.isEmpty() || clientId.length() > 23) {
                return false;
            }
            for (int i = 0; i < clientId.length(); i++) {
                char c = clientId.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Connect c && protocolName.equals(c.protocolName) && protocolLevel == c.protocolLevel
                    && cleanSession == c.cleanSession && keepAlive == c.keepAlive && clientId.equals(c.clientId)
                    && Objects.equals(will, c.will) && Objects.equals(userName, c.userName)
                    && Arrays.equals(password, c.password) && properties.equals(c.properties);
        }

        @Override
        public int hashCode() {
            return Objects.hash(protocolName, protocolLevel, cleanSession, keepAlive, clientId, will, userName,
                    Arrays.hashCode(password), properties);
        }

        @Override
        public String toString() {
            return "Connect[protocolName=" + protocolName + ", protocolLevel=" + protocolLevel
                    + ", cleanSession=" + cleanSession + ", keepAlive=" + keepAlive + ", clientId=" + clientId
                    + ", will=" + will + ", userName=" + userName + ", password=" + Bytes.mask(password)
                    + shown(properties) + "]";
        }
    }

    /**
     * CONNACK (section 3.2).
     *
     * @param sessionPresent 0 whenever the code is not 0 [MQTT-3.2.2-4]
     * @param code           the return code (MQTT 3.1.1, {@link ConnectReturnCode}) or reason code (MQTT 5.0)
     */
    record Connack(boolean sessionPresent, int code, Properties properties) implements MqttPacket {
        public Connack {
            checkRange("code", code, 0, 0xFF);
            Objects.requireNonNull(properties, "properties");
            if (sessionPresent && code != 0) {
                throw new IllegalArgumentException("session present with a refusal [MQTT-3.2.2-4]");
            }
        }

        /** The CONNACK of MQTT 3.1.1. */
        public Connack(boolean sessionPresent, ConnectReturnCode returnCode) {
            this(sessionPresent, returnCode.code(), Properties.NONE);
        }

        /** The MQTT 3.1.1 return code, or {@code null} for a code that is not one. */
        public ConnectReturnCode returnCode() {
            return ConnectReturnCode.of(code);
        }
    }

    /**
     * PUBLISH (section 3.3).
     *
     * @param packetId 1-65535 when QoS is 1 or 2, 0 when QoS is 0 [MQTT-2.3.1-1], [MQTT-2.3.1-5]
     */
    record Publish(boolean dup, int qos, boolean retain, String topic, int packetId, byte[] payload,
                   Properties properties) implements MqttPacket {
        public Publish {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(properties, "properties");
            checkHeader(dup, qos, packetId);
        }

        /** A PUBLISH without properties. */
        public Publish(boolean dup, int qos, boolean retain, String topic, int packetId, byte[] payload) {
            this(dup, qos, retain, topic, packetId, payload, Properties.NONE);
        }

        /** Checks the fields of a PUBLISH that are not its topic and payload. */
        static void checkHeader(boolean dup, int qos, int packetId) {
            checkQos(qos);
            if (qos == 0) {
                checkRange("packetId of a QoS 0 PUBLISH", packetId, 0, 0);
                if (dup) {
                    throw new IllegalArgumentException("DUP set on a QoS 0 PUBLISH [MQTT-3.3.1-2]");
                }
            } else {
                checkPacketId(packetId);
            }
        }

        /** A QoS 0 PUBLISH. */
        public Publish(String topic, byte[] payload, boolean retain) {
            this(false, 0, retain, topic, 0, payload);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Publish p && dup == p.dup && qos == p.qos && retain == p.retain
                    && topic.equals(p.topic) && packetId == p.packetId && Arrays.equals(payload, p.payload)
                    && properties.equals(p.properties);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dup, qos, retain, topic, packetId, Arrays.hashCode(payload), properties);
        }

        @Override
        public String toString() {
            return "Publish[dup=" + dup + ", qos=" + qos + ", retain=" + retain + ", topic=" + topic
                    + ", packetId=" + packetId + ", payload=" + Bytes.show(payload) + shown(properties) + "]";
        }
    }

    /** A packet that answers another by its identifier: PUBACK, PUBREC, PUBREL (which answers PUBREC), PUBCOMP and UNSUBACK. */
    sealed interface Acknowledgement extends MqttPacket {
        /** The packet identifier, 1-65535 [MQTT-2.3.1-1], checked when the packet is encoded. */
        int packetId();

        /** MQTT 5.0's properties. */
        Properties properties();
    }

    /**
     * PUBACK, PUBREC, PUBREL or PUBCOMP: a packet identifier, and in MQTT 5.0 a reason code
     * and properties, which a packet with reason code 0 and no properties leaves out [MQTT-3.4.2-1].
     */
    sealed interface PublishAcknowledgement extends Acknowledgement {
        /** The MQTT 5.0 reason code; 0 (success) in MQTT 3.1.1. */
        int reasonCode();
    }

    /** PUBACK (section 3.4). */
    record Puback(int packetId, int reasonCode, Properties properties) implements PublishAcknowledgement {
        public Puback {
            checkAcknowledgement(PacketType.PUBACK, reasonCode, properties);
        }

        public Puback(int packetId) {
            this(packetId, ReasonCode.SUCCESS, Properties.NONE);
        }
    }

    /** PUBREC (section 3.5). */
    record Pubrec(int packetId, int reasonCode, Properties properties) implements PublishAcknowledgement {
        public Pubrec {
            checkAcknowledgement(PacketType.PUBREC, reasonCode, properties);
        }

        public Pubrec(int packetId) {
            this(packetId, ReasonCode.SUCCESS, Properties.NONE);
        }
    }

    /** PUBREL (section 3.6). */
    record Pubrel(int packetId, int reasonCode, Properties properties) implements PublishAcknowledgement {
        public Pubrel {
            checkAcknowledgement(PacketType.PUBREL, reasonCode, properties);
        }

        public Pubrel(int packetId) {
            this(packetId, ReasonCode.SUCCESS, Properties.NONE);
        }
    }

    /** PUBCOMP (section 3.7). */
    record Pubcomp(int packetId, int reasonCode, Properties properties) implements PublishAcknowledgement {
        public Pubcomp {
            checkAcknowledgement(PacketType.PUBCOMP, reasonCode, properties);
        }

        public Pubcomp(int packetId) {
            this(packetId, ReasonCode.SUCCESS, Properties.NONE);
        }
    }

    /**
     * A topic filter and the QoS asked for it, in a SUBSCRIBE; in MQTT 5.0 also its options
     * (section 3.8.3.1).
     *
     * @param retainHandling 0: send retained messages; 1: only if the subscription is new; 2: never
     */
    record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        public Subscription {
            Objects.requireNonNull(filter, "filter");
            checkQos(qos);
            checkRange("retainHandling", retainHandling, 0, 2);
        }

        /** A subscription of MQTT 3.1.1, with no options. */
        public Subscription(String filter, int qos) {
            this(filter, qos, false, false, 0);
        }
    }

    /**
     * SUBSCRIBE (section 3.8), with at least one subscription [MQTT-3.8.3-3] and at most one
     * Subscription Identifier (section 3.8.2.1.2).
     */
    record Subscribe(int packetId, List<Subscription> subscriptions, Properties properties) implements MqttPacket {
        public Subscribe {
            checkPacketId(packetId);
            subscriptions = nonEmpty(subscriptions, "SUBSCRIBE needs a topic filter [MQTT-3.8.3-3]");
            Objects.requireNonNull(properties, "properties");
            if (properties.subscriptionIdentifiers().size() > 1) {
                throw new IllegalArgumentException("SUBSCRIBE with more than one Subscription Identifier (section 3.8.2.1.2)");
            }
        }

        public Subscribe(int packetId, List<Subscription> subscriptions) {
            this(packetId, subscriptions, Properties.NONE);
        }
    }

    /**
     * SUBACK (section 3.9): one code per subscription, the QoS granted (0, 1, 2) or a failure:
     * {@link #FAILURE} in MQTT 3.1.1 [MQTT-3.9.3-2], a reason code of 0x80 or more in MQTT 5.0.
     */
    record Suback(int packetId, List<Integer> returnCodes, Properties properties) implements MqttPacket {
        /** The return code of a subscription the server refused. */
        public static final int FAILURE = 0x80;

        public Suback {
            checkPacketId(packetId);
            returnCodes = nonEmpty(returnCodes, "SUBACK needs a return code");
            for (int code : returnCodes) {
                if (!ReasonCode.allowedOn(PacketType.SUBACK, code)) {
                    throw new IllegalArgumentException("SUBACK return code " + code + " is reserved [MQTT-3.9.3-2]");
                }
            }
            Objects.requireNonNull(properties, "properties");
        }

        public Suback(int packetId, List<Integer> returnCodes) {
            this(packetId, returnCodes, Properties.NONE);
        }

        /** Whether {@code code} is a SUBACK return code MQTT 3.1.1 defines. */
        static boolean isReturnCode(int code) {
            return code >= 0 && code <= 2 || code == FAILURE;
        }
    }

    /** UNSUBSCRIBE (section 3.10), with at least one topic filter [MQTT-3.10.3-2]. */
    record Unsubscribe(int packetId, List<String> filters, Properties properties) implements MqttPacket {
        public Unsubscribe {
            checkPacketId(packetId);
            filters = nonEmpty(filters, "UNSUBSCRIBE needs a topic filter [MQTT-3.10.3-2]");
            Objects.requireNonNull(properties, "properties");
        }

        public Unsubscribe(int packetId, List<String> filters) {
            this(packetId, filters, Properties.NONE);
        }
    }

    /** UNSUBACK (section 3.11); in MQTT 5.0 with a reason code per filter of the UNSUBSCRIBE. */
    record Unsuback(int packetId, List<Integer> reasonCodes, Properties properties) implements Acknowledgement {
        public Unsuback {
            reasonCodes = List.copyOf(reasonCodes);
            for (int code : reasonCodes) {
                if (!ReasonCode.allowedOn(PacketType.UNSUBACK, code)) {
                    throw new IllegalArgumentException("UNSUBACK reason code " + code + " is reserved (section 3.11.3)");
                }
            }
            Objects.requireNonNull(properties, "properties");
        }

        /** The UNSUBACK of MQTT 3.1.1. */
        public Unsuback(int packetId) {
            this(packetId, List.of(), Properties.NONE);
        }
    }

    /** PINGREQ (section 3.12). */
    record Pingreq() implements MqttPacket {
    }

    /** PINGRESP (section 3.13). */
    record Pingresp() implements MqttPacket {
    }

    /** DISCONNECT (section 3.14); in MQTT 5.0 with a reason code and properties, and sent by servers too. */
    record Disconnect(int reasonCode, Properties properties) implements MqttPacket {
        public Disconnect {
            if (!ReasonCode.allowedOn(PacketType.DISCONNECT, reasonCode)) {
                throw new IllegalArgumentException("DISCONNECT reason code " + reasonCode + " is reserved (section 3.14.2.1)");
            }
            Objects.requireNonNull(properties, "properties");
        }

        /** The DISCONNECT of MQTT 3.1.1, or a normal disconnection in 5.0. */
        public Disconnect() {
            this(ReasonCode.NORMAL_DISCONNECTION, Properties.NONE);
        }
    }

    /** AUTH (section 3.15), MQTT 5.0 only. */
    record Auth(int reasonCode, Properties properties) implements MqttPacket {
        public Auth {
            if (!ReasonCode.allowedOn(PacketType.AUTH, reasonCode)) {
                throw new IllegalArgumentException("AUTH reason code " + reasonCode + " is reserved (section 3.15.2.1)");
            }
            Objects.requireNonNull(properties, "properties");
        }
    }

    /** Properties in a packet's text, when it has some. */
    private static String shown(Properties properties) {
        return properties.isEmpty() ? "" : ", properties=" + properties;
    }

    private static void checkAcknowledgement(PacketType type, int reasonCode, Properties properties) {
        if (!ReasonCode.allowedOn(type, reasonCode)) {
            throw new IllegalArgumentException(type + " reason code " + reasonCode + " is reserved");
        }
        Objects.requireNonNull(properties, "properties");
    }

    private static void checkQos(int qos) {
        checkRange("qos", qos, 0, 2);
    }

    private static void checkPacketId(int packetId) {
        checkRange("packetId", packetId, 1, 0xFFFF);
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + (min == max ? min : min + " to " + max) + ": " + value);
        }
    }

    private static <T> List<T> nonEmpty(List<T> list, String message) {
        List<T> copy = List.copyOf(list);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(message);
        }
        return copy;
    }
}
