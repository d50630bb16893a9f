package dev.herald.transport.mqtt.codec;

/**
 * The reason codes of MQTT 5.0 (section 2.4): one byte on CONNACK, PUBACK, PUBREC, PUBREL,
 * PUBCOMP, SUBACK, UNSUBACK, DISCONNECT and AUTH. Below 0x80 a code means success; from 0x80
 * it means failure.
 */
public final class ReasonCode {

    public static final int SUCCESS = 0x00;
    public static final int NORMAL_DISCONNECTION = 0x00;
    public static final int GRANTED_QOS_0 = 0x00;
    public static final int GRANTED_QOS_1 = 0x01;
    public static final int GRANTED_QOS_2 = 0x02;
    public static final int DISCONNECT_WITH_WILL = 0x04;
    public static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    public static final int NO_SUBSCRIPTION_EXISTED = 0x11;
    public static final int CONTINUE_AUTHENTICATION = 0x18;
    public static final int REAUTHENTICATE = 0x19;
    public static final int UNSPECIFIED_ERROR = 0x80;
    public static final int MALFORMED_PACKET = 0x81;
    public static final int PROTOCOL_ERROR = 0x82;
    public static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    public static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
    public static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    public static final int NOT_AUTHORIZED = 0x87;
    public static final int SERVER_UNAVAILABLE = 0x88;
    public static final int SERVER_BUSY = 0x89;
    public static final int BANNED = 0x8A;
    public static final int SERVER_SHUTTING_DOWN = 0x8B;
    public static final int BAD_AUTHENTICATION_METHOD = 0x8C;
    public static final int KEEP_ALIVE_TIMEOUT = 0x8D;
    public static final int SESSION_TAKEN_OVER = 0x8E;
    public static final int TOPIC_FILTER_INVALID = 0x8F;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int PACKET_IDENTIFIER_IN_USE = 0x91;
    public static final int PACKET_IDENTIFIER_NOT_FOUND = 0x92;
    public static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    public static final int TOPIC_ALIAS_INVALID = 0x94;
    public static final int PACKET_TOO_LARGE = 0x95;
    public static final int MESSAGE_RATE_TOO_HIGH = 0x96;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int ADMINISTRATIVE_ACTION = 0x98;
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;
    public static final int RETAIN_NOT_SUPPORTED = 0x9A;
    public static final int QOS_NOT_SUPPORTED = 0x9B;
    public static final int USE_ANOTHER_SERVER = 0x9C;
    public static final int SERVER_MOVED = 0x9D;
    public static final int SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9E;
    public static final int CONNECTION_RATE_EXCEEDED = 0x9F;
    public static final int MAXIMUM_CONNECT_TIME = 0xA0;
    public static final int SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED = 0xA1;
    public static final int WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED = 0xA2;

    private ReasonCode() {
    }

    /** Whether {@code code} reports a failure (0x80 and above). */
    public static boolean isFailure(int code) {
        return code >= 0x80;
    }

    /** Whether {@code code} may be sent on a packet of {@code type} (Table 2-6 and each packet's section). */
    public static boolean allowedOn(PacketType type, int code) {
        return switch (type) {
            case CONNACK -> code == SUCCESS || code >= UNSPECIFIED_ERROR && code <= CONNECTION_RATE_EXCEEDED
                    && code != SERVER_SHUTTING_DOWN && code != KEEP_ALIVE_TIMEOUT && code != SESSION_TAKEN_OVER
                    && !(code >= TOPIC_FILTER_INVALID && code <= RECEIVE_MAXIMUM_EXCEEDED && code != TOPIC_NAME_INVALID)
                    && code != TOPIC_ALIAS_INVALID && code != MESSAGE_RATE_TOO_HIGH && code != ADMINISTRATIVE_ACTION
                    && code != SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
            case PUBACK, PUBREC -> code == SUCCESS || code == NO_MATCHING_SUBSCRIBERS || code == UNSPECIFIED_ERROR
                    || code == IMPLEMENTATION_SPECIFIC_ERROR || code == NOT_AUTHORIZED || code == TOPIC_NAME_INVALID
                    || code == PACKET_IDENTIFIER_IN_USE || code == QUOTA_EXCEEDED || code == PAYLOAD_FORMAT_INVALID;
            case PUBREL, PUBCOMP -> code == SUCCESS || code == PACKET_IDENTIFIER_NOT_FOUND;
            case SUBACK -> code <= GRANTED_QOS_2 || code == UNSPECIFIED_ERROR || code == IMPLEMENTATION_SPECIFIC_ERROR
                    || code == NOT_AUTHORIZED || code == TOPIC_FILTER_INVALID || code == PACKET_IDENTIFIER_IN_USE
                    || code == QUOTA_EXCEEDED || code == SHARED_SUBSCRIPTIONS_NOT_SUPPORTED
                    || code == SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED || code == WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED;
            case UNSUBACK -> code == SUCCESS || code == NO_SUBSCRIPTION_EXISTED || code == UNSPECIFIED_ERROR
                    || code == IMPLEMENTATION_SPECIFIC_ERROR || code == NOT_AUTHORIZED || code == TOPIC_FILTER_INVALID
                    || code == PACKET_IDENTIFIER_IN_USE;
            case DISCONNECT -> code == NORMAL_DISCONNECTION || code == DISCONNECT_WITH_WILL
                    || code >= UNSPECIFIED_ERROR && code <= WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED
                    && code != UNSUPPORTED_PROTOCOL_VERSION && code != CLIENT_IDENTIFIER_NOT_VALID
                    && code != BAD_USER_NAME_OR_PASSWORD && code != SERVER_UNAVAILABLE && code != BANNED
                    && code != BAD_AUTHENTICATION_METHOD && code != PACKET_IDENTIFIER_IN_USE
                    && code != PACKET_IDENTIFIER_NOT_FOUND;
            case AUTH -> code == SUCCESS || code == CONTINUE_AUTHENTICATION || code == REAUTHENTICATE;
            default -> false;
        };
    }
}
