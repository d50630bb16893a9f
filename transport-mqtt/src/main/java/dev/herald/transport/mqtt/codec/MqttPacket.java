package dev.herald.transport.mqtt.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An MQTT 3.1.1 control packet, one record per type. The records refuse fields no packet can
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
        };
    }

    /**
     * The will of a CONNECT: the message the server publishes if the connection is lost.
     *
     * @param qos 0, 1 or 2 [MQTT-3.1.2-14]
     */
    record Will(String topic, byte[] message, int qos, boolean retain) {
        public Will {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(message, "message");
            checkQos(qos);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Will w && topic.equals(w.topic) && Arrays.equals(message, w.message)
                    && qos == w.qos && retain == w.retain;
        }

        @Override
        public int hashCode() {
            return Objects.hash(topic, Arrays.hashCode(message), qos, retain);
        }

        @Override
        public String toString() {
            return "Will[topic=" + topic + ", message=" + Bytes.show(message) + ", qos=" + qos + ", retain=" + retain + "]";
        }
    }

    /**
     * CONNECT (section 3.1).
     *
     * @param will     the will, or {@code null}
     * @param userName the user name, or {@code null}
     * @param password the password, or {@code null}; only with a user name [MQTT-3.1.2-22]
     */
    record Connect(String protocolName, int protocolLevel, boolean cleanSession, int keepAlive, String clientId,
                   Will will, String userName, byte[] password) implements MqttPacket {
        public Connect {
            Objects.requireNonNull(protocolName, "protocolName");
            Objects.requireNonNull(clientId, "clientId");
            checkRange("protocolLevel", protocolLevel, 0, 0xFF);
            checkRange("keepAlive", keepAlive, 0, 0xFFFF);
            if (password != null && userName == null) {
                throw new IllegalArgumentException("a password needs a user name [MQTT-3.1.2-22]");
            }
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
                    && Arrays.equals(password, c.password);
        }

        @Override
        public int hashCode() {
            return Objects.hash(protocolName, protocolLevel, cleanSession, keepAlive, clientId, will, userName,
                    Arrays.hashCode(password));
        }

        @Override
        public String toString() {
            return "Connect[protocolName=" + protocolName + ", protocolLevel=" + protocolLevel
                    + ", cleanSession=" + cleanSession + ", keepAlive=" + keepAlive + ", clientId=" + clientId
                    + ", will=" + will + ", userName=" + userName + ", password=" + Bytes.mask(password) + "]";
        }
    }

    /**
     * CONNACK (section 3.2).
     *
     * @param sessionPresent 0 whenever the return code is not 0 [MQTT-3.2.2-4]
     */
    record Connack(boolean sessionPresent, ConnectReturnCode returnCode) implements MqttPacket {
        public Connack {
            Objects.requireNonNull(returnCode, "returnCode");
            if (sessionPresent && returnCode != ConnectReturnCode.ACCEPTED) {
                throw new IllegalArgumentException("session present with a refusal [MQTT-3.2.2-4]");
            }
        }
    }

    /**
     * PUBLISH (section 3.3).
     *
     * @param packetId 1-65535 when QoS is 1 or 2, 0 when QoS is 0 [MQTT-2.3.1-1], [MQTT-2.3.1-5]
     */
    record Publish(boolean dup, int qos, boolean retain, String topic, int packetId, byte[] payload)
            implements MqttPacket {
        public Publish {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            checkHeader(dup, qos, packetId);
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
                    && topic.equals(p.topic) && packetId == p.packetId && Arrays.equals(payload, p.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dup, qos, retain, topic, packetId, Arrays.hashCode(payload));
        }

        @Override
        public String toString() {
            return "Publish[dup=" + dup + ", qos=" + qos + ", retain=" + retain + ", topic=" + topic
                    + ", packetId=" + packetId + ", payload=" + Bytes.show(payload) + "]";
        }
    }

    /**
     * A packet whose only field is the identifier of the packet it answers: PUBACK, PUBREC,
     * PUBREL (which answers PUBREC), PUBCOMP and UNSUBACK.
     */
    sealed interface Acknowledgement extends MqttPacket {
        /** The packet identifier, 1-65535 [MQTT-2.3.1-1], checked when the packet is encoded. */
        int packetId();
    }

    /** PUBACK (section 3.4). */
    record Puback(int packetId) implements Acknowledgement {
    }

    /** PUBREC (section 3.5). */
    record Pubrec(int packetId) implements Acknowledgement {
    }

    /** PUBREL (section 3.6). */
    record Pubrel(int packetId) implements Acknowledgement {
    }

    /** PUBCOMP (section 3.7). */
    record Pubcomp(int packetId) implements Acknowledgement {
    }

    /** A topic filter and the QoS asked for it, in a SUBSCRIBE. */
    record Subscription(String filter, int qos) {
        public Subscription {
            Objects.requireNonNull(filter, "filter");
            checkQos(qos);
        }
    }

    /** SUBSCRIBE (section 3.8), with at least one subscription [MQTT-3.8.3-3]. */
    record Subscribe(int packetId, List<Subscription> subscriptions) implements MqttPacket {
        public Subscribe {
            checkPacketId(packetId);
            subscriptions = nonEmpty(subscriptions, "SUBSCRIBE needs a topic filter [MQTT-3.8.3-3]");
        }
    }

    /**
     * SUBACK (section 3.9): one return code per subscription, the QoS granted (0, 1, 2) or
     * {@link #FAILURE} [MQTT-3.9.3-2].
     */
    record Suback(int packetId, List<Integer> returnCodes) implements MqttPacket {
        /** The return code of a subscription the server refused. */
        public static final int FAILURE = 0x80;

        public Suback {
            checkPacketId(packetId);
            returnCodes = nonEmpty(returnCodes, "SUBACK needs a return code");
            for (int code : returnCodes) {
                if (!isReturnCode(code)) {
                    throw new IllegalArgumentException("SUBACK return code " + code + " is reserved [MQTT-3.9.3-2]");
                }
            }
        }

        /** Whether {@code code} is a SUBACK return code the standard defines. */
        static boolean isReturnCode(int code) {
            return code >= 0 && code <= 2 || code == FAILURE;
        }
    }

    /** UNSUBSCRIBE (section 3.10), with at least one topic filter [MQTT-3.10.3-2]. */
    record Unsubscribe(int packetId, List<String> filters) implements MqttPacket {
        public Unsubscribe {
            checkPacketId(packetId);
            filters = nonEmpty(filters, "UNSUBSCRIBE needs a topic filter [MQTT-3.10.3-2]");
        }
    }

    /** UNSUBACK (section 3.11). */
    record Unsuback(int packetId) implements Acknowledgement {
    }

    /** PINGREQ (section 3.12). */
    record Pingreq() implements MqttPacket {
    }

    /** PINGRESP (section 3.13). */
    record Pingresp() implements MqttPacket {
    }

    /** DISCONNECT (section 3.14). */
    record Disconnect() implements MqttPacket {
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
