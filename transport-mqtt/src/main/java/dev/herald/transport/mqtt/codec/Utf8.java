package dev.herald.transport.mqtt.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of MQTT's UTF-8 encoded strings (section 1.5.3): well-formed UTF-8, surrogates
 * excluded [MQTT-1.5.3-1], without U+0000 [MQTT-1.5.3-2], at most 65535 bytes. A byte order
 * mark is kept as the character U+FEFF [MQTT-1.5.3-3].
 */
final class Utf8 {

    /** The most bytes a string's two-byte length can count. */
    static final int MAX_BYTES = 0xFFFF;

    private Utf8() {
    }

    /**
     * The text of {@code len} bytes at {@code off}.
     *
     * @param what the field, for the message
     * @throws MqttProtocolException for ill-formed UTF-8 or U+0000
     */
    static String decode(byte[] buf, int off, int len, String what) throws MqttProtocolException {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (buf[i] == 0) {
                throw new MqttProtocolException(what + " contains U+0000 [MQTT-1.5.3-2]");
            }
            ascii &= buf[i] > 0;
        }
        if (ascii) {
            return new String(buf, off, len, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(buf, off, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MqttProtocolException(what + " is not well-formed UTF-8 [MQTT-1.5.3-1]");
        }
    }

    /**
     * The UTF-8 size of {@code s}.
     *
     * @throws IllegalArgumentException when {@code s} cannot be an MQTT string: over
     *                                  {@value #MAX_BYTES} bytes, U+0000 or a lone surrogate
     */
    static int length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("an MQTT string cannot hold U+0000 [MQTT-1.5.3-2]");
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("an MQTT string cannot hold a lone surrogate [MQTT-1.5.3-1]");
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("an MQTT string has at most " + MAX_BYTES + " bytes: " + bytes);
        }
        return bytes;
    }
}
