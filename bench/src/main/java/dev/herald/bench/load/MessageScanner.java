package dev.herald.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads benchmark messages out of received bytes without making Strings: skips the frame
 * header ({@code MSG <topic> <id> <published-at> } from Herald, {@code PUB <topic> } from
 * the relay), reads the publisher index and sequence number of the payload (and its stamp,
 * when latency is wanted), and jumps to the line end where a payload of the expected length
 * puts it. From an MQTT broker it reads {@code PUBLISH} packets instead, by their length.
 * Anything else is passed over as "not a message" for the caller to look at.
 * Not thread-safe: one per subscriber.
 */
final class MessageScanner {

    /** {@link #scan} found no complete line. */
    static final int INCOMPLETE = -1;

    private static final int FOUND = 0;
    private static final int NOT_A_NUMBER = -2;

    private final boolean packets;
    /** Whether {@code PUBLISH} packets carry properties before the payload (MQTT 5.0). */
    private final boolean properties;
    private final byte[] prefix;
    /** Space-terminated fields after the prefix: id and published-at for Herald, none for the relay. */
    private final int numberFields;
    private final int payloadLength;
    private final boolean stamps;

    /** Whether the last scanned line was a benchmark message (else some other frame). */
    boolean message;
    int publisher;
    long sequence;
    /** The stamp of the last message; 0 when stamps are not read. */
    long stamp;

    /** The body length of the packet being scanned (MQTT), then the length of its properties (5.0). */
    private final int[] packetLength = new int[1];
    /** Where {@link #dottedNumber} reads next, and the number it read. */
    private int at;
    private long value;

    /**
     * @param protocol      what the lines look like
     * @param topic         the topic of the messages
     * @param payloadLength the payload length publishers write
     * @param stamps        whether to read the stamps (for latency)
     */
    MessageScanner(Protocol protocol, String topic, int payloadLength, boolean stamps) {
        this.packets = protocol.mqtt();
        this.properties = protocol.mqttLevel() >= Mqtt.LEVEL_5;
        this.prefix = ((protocol == Protocol.HERALD ? "MSG " : "PUB ") + topic + " ").getBytes(StandardCharsets.US_ASCII);
        this.numberFields = protocol == Protocol.HERALD ? 2 : 0;
        this.payloadLength = payloadLength;
        this.stamps = stamps;
    }

    /**
     * Scans the line (or MQTT packet) that starts at {@code from}.
     *
     * @return the index after its LF (or its last byte), or {@link #INCOMPLETE} when it is
     *         not all there yet; {@link #message} tells whether it was a benchmark message
     */
    int scan(byte[] b, int from, int limit) {
        if (packets) {
            return scanPacket(b, from, limit);
        }
        message = false;
        int i = from + prefix.length;
        if (i >= limit || !startsWithPrefix(b, from)) {
            return lineEnd(b, from, limit);
        }
        for (int f = 0; f < numberFields; f++) {
            while (true) {
                if (i >= limit) {
                    return INCOMPLETE;
                }
                byte c = b[i++];
                if (c == ' ') {
                    break;
                }
                if (c == '\n') {
                    return i;
                }
            }
        }
        int payloadStart = i;
        at = i;
        int read = payloadHeader(b, limit);
        if (read != FOUND) {
            return read == INCOMPLETE ? INCOMPLETE : lineEnd(b, at - 1, limit);
        }
        i = at;
        int expectedLf = payloadStart + payloadLength;
        int lf = expectedLf >= i && expectedLf < limit && b[expectedLf] == '\n'
                ? expectedLf : Ascii.indexOf(b, i, limit, (byte) '\n');
        if (lf < 0) {
            return INCOMPLETE;
        }
        message = true;
        return lf + 1;
    }

    /** Whether what {@link #scan} just passed over, not being a message, deserves a failure. */
    boolean unexpected(byte[] b, int from, int end) {
        return packets || end - from > 1; // an empty line is harmless
    }

    /** What {@link #scan} just passed over, for a failure message. */
    String describe(byte[] b, int from, int end) {
        if (packets) {
            return "MQTT packet type " + ((b[from] & 0xFF) >> 4) + " of " + (end - from) + " bytes";
        }
        return LineInput.text(b, from, end);
    }

    private int scanPacket(byte[] b, int from, int limit) {
        message = false;
        int body;
        try {
            body = Mqtt.body(b, from, limit, packetLength);
        } catch (IOException e) {
            return limit; // not MQTT: give up on what was read
        }
        if (body < 0 || body + packetLength[0] > limit) {
            return INCOMPLETE;
        }
        int end = body + packetLength[0];
        if ((b[from] & 0xF0) != Mqtt.PUBLISH || packetLength[0] < 2) {
            return end;
        }
        int topicLength = ((b[body] & 0xFF) << 8) | (b[body + 1] & 0xFF);
        boolean withPacketId = (b[from] & 0x06) != 0;
        at = body + 2 + topicLength + (withPacketId ? 2 : 0);
        if (properties && at < end) {
            try {
                at = Mqtt.propertiesStart(b, at, end, packetLength) + packetLength[0];
            } catch (IOException e) {
                return end; // not a message
            }
        }
        message = at <= end && payloadHeader(b, end) == FOUND;
        return end;
    }

    /**
     * Reads the payload's publisher index, sequence number and (when wanted) stamp, from
     * {@link #at}, into {@link #publisher}, {@link #sequence} and {@link #stamp}.
     *
     * @return {@link #FOUND}, {@link #INCOMPLETE} or {@link #NOT_A_NUMBER}, as {@link #dottedNumber}
     */
    private int payloadHeader(byte[] b, int limit) {
        int read = dottedNumber(b, limit, 9);
        if (read != FOUND) {
            return read;
        }
        long pub = value;
        read = dottedNumber(b, limit, 18);
        if (read != FOUND) {
            return read;
        }
        long seq = value;
        long st = 0;
        if (stamps) {
            read = dottedNumber(b, limit, 18);
            if (read != FOUND) {
                return read;
            }
            st = value;
        }
        publisher = (int) pub;
        sequence = seq;
        stamp = st;
        return FOUND;
    }

    /**
     * Reads a number ended by a dot, starting at {@link #at}, into {@link #value}, and moves
     * {@link #at} past the dot.
     *
     * @return {@link #FOUND}, {@link #INCOMPLETE}, or {@link #NOT_A_NUMBER} (then {@link #at}
     *         is just past the byte that did not fit)
     */
    private int dottedNumber(byte[] b, int limit, int maxDigits) {
        long v = 0;
        int digits = 0;
        int i = at;
        while (true) {
            if (i >= limit) {
                return INCOMPLETE;
            }
            int d = b[i++] - '0';
            if (d < 0 || d > 9) {
                at = i;
                if (d != '.' - '0' || digits == 0 || digits > maxDigits) {
                    return NOT_A_NUMBER;
                }
                value = v;
                return FOUND;
            }
            v = v * 10 + d;
            digits++;
        }
    }

    private boolean startsWithPrefix(byte[] b, int from) {
        byte[] p = prefix;
        for (int k = 0; k < p.length; k++) {
            if (b[from + k] != p[k]) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] b, int from, int limit) {
        int lf = Ascii.indexOf(b, from, limit, (byte) '\n');
        return lf < 0 ? INCOMPLETE : lf + 1;
    }
}
