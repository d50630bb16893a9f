package dev.herald.transport.mqtt.codec;

/** The return codes of CONNACK (section 3.2.2.3); 6-255 are reserved. */
public enum ConnectReturnCode {
    ACCEPTED,
    UNACCEPTABLE_PROTOCOL_VERSION,
    IDENTIFIER_REJECTED,
    SERVER_UNAVAILABLE,
    BAD_USER_NAME_OR_PASSWORD,
    NOT_AUTHORIZED;

    private static final ConnectReturnCode[] CODES = values();

    /** The byte on the wire. */
    public int code() {
        return ordinal();
    }

    /** The return code of a byte, or {@code null} for a reserved value. */
    static ConnectReturnCode of(int code) {
        return code >= 0 && code < CODES.length ? CODES[code] : null;
    }
}
