package dev.herald.transport.mqtt.codec;

import java.util.HexFormat;

/** How packets show their binary fields in {@code toString}. */
final class Bytes {

    private static final int SHOWN = 32;

    private Bytes() {
    }

    /** The size of {@code bytes} and its first bytes in hex, or {@code null}. */
    static String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, SHOWN));
        return bytes.length + " bytes" + (bytes.length == 0 ? "" : " " + hex + (bytes.length > SHOWN ? "..." : ""));
    }

    /** The size of a secret, never its bytes. */
    static String mask(byte[] secret) {
        return secret == null ? "null" : "****";
    }
}
