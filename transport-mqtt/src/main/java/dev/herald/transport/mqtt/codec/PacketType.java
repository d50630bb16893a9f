package dev.herald.transport.mqtt.codec;

/**
 * The MQTT control packet types, with what the fixed header of each must carry (section
 * 2.2): the fourteen of MQTT 3.1.1, and AUTH, which MQTT 5.0 adds as type 15 (reserved in
 * 3.1.1). Type 0 is reserved and has no constant.
 */
public enum PacketType {
    CONNECT(1, 0, Header.VARIABLE, true, false),
    CONNACK(2, 0, 2, false, true),
    /** PUBLISH's flags are DUP, QoS and RETAIN, checked with the packet. */
    PUBLISH(3, Header.ANY_FLAGS, Header.VARIABLE, true, true),
    PUBACK(4, 0, 2, true, true),
    PUBREC(5, 0, 2, true, true),
    PUBREL(6, 0b0010, 2, true, true),
    PUBCOMP(7, 0, 2, true, true),
    SUBSCRIBE(8, 0b0010, Header.VARIABLE, true, false),
    SUBACK(9, 0, Header.VARIABLE, false, true),
    UNSUBSCRIBE(10, 0b0010, Header.VARIABLE, true, false),
    UNSUBACK(11, 0, 2, false, true),
    PINGREQ(12, 0, 0, true, false),
    PINGRESP(13, 0, 0, false, true),
    /** MQTT 5.0 lets a server send DISCONNECT too. */
    DISCONNECT(14, 0, 0, true, true),
    /** MQTT 5.0 only (section 3.15). */
    AUTH(15, 0, Header.VARIABLE, true, true);

    /** Markers in the table above (constants an enum's own constants cannot name before they are declared). */
    static final class Header {
        /** The remaining length differs from packet to packet. */
        static final int VARIABLE = -1;
        /** The flags are the packet's own (PUBLISH). */
        static final int ANY_FLAGS = -1;

        private Header() {
        }
    }

    private static final PacketType[] BY_CODE = new PacketType[16];

    static {
        for (PacketType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int flags;
    private final int remainingLength;
    private final boolean sentByClient;
    private final boolean sentByServer;

    PacketType(int code, int flags, int remainingLength, boolean sentByClient, boolean sentByServer) {
        this.code = code;
        this.flags = flags;
        this.remainingLength = remainingLength;
        this.sentByClient = sentByClient;
        this.sentByServer = sentByServer;
    }

    /** The type's number, bits 7-4 of the first byte. */
    public int code() {
        return code;
    }

    /** Whether a client may send this type (a server receives it). */
    public boolean sentByClient() {
        return sentByClient;
    }

    /** Whether a server may send this type (a client receives it). */
    public boolean sentByServer() {
        return sentByServer;
    }

    /** The type of a code, or {@code null} for 0 (reserved) or a value outside 0-15. */
    static PacketType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The section of the standard that describes this type, 3.1 to 3.15. */
    String section() {
        return "3." + code;
    }

    /** Whether bits 3-0 of the first byte hold what Table 2.2 requires of this type. */
    boolean flagsAllowed(int flags) {
        return this.flags == Header.ANY_FLAGS || this.flags == flags;
    }

    /** The flags this type's fixed header carries; PUBLISH's come from the packet. */
    int fixedFlags() {
        return flags == Header.ANY_FLAGS ? 0 : flags;
    }

    /**
     * The remaining length every packet of this type has at a protocol level, or
     * {@link Header#VARIABLE}: in MQTT 5.0 acknowledgements and DISCONNECT may carry a reason
     * code and properties, so only PINGREQ and PINGRESP keep a fixed length.
     */
    int fixedRemainingLength(int level) {
        return level >= MqttPacket.PROTOCOL_LEVEL_5 && this != PINGREQ && this != PINGRESP ? Header.VARIABLE : remainingLength;
    }

    /** The remaining length every MQTT 3.1.1 packet of this type has, or {@link Header#VARIABLE}. */
    int fixedRemainingLength() {
        return remainingLength;
    }
}
