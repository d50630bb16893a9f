package dev.herald.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * Reads benchmark messages out of received bytes without making Strings: skips the frame
 * header ({@code MSG <topic> <id> <published-at> } from Herald, {@code PUB <topic> } from
 * the relay), reads the publisher index and sequence number of the payload (and its stamp,
 * when latency is wanted), and jumps to the line end where a payload of the expected length
 * puts it. Anything else is passed over as "not a message" for the caller to look at.
 * Not thread-safe: one per subscriber.
 */
final class MessageScanner {

    /** {@link #scan} found no complete line. */
    static final int INCOMPLETE = -1;

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

    /**
     * @param protocol      what the lines look like
     * @param topic         the topic of the messages
     * @param payloadLength the payload length publishers write
     * @param stamps        whether to read the stamps (for latency)
     */
    MessageScanner(Protocol protocol, String topic, int payloadLength, boolean stamps) {
        this.prefix = ((protocol == Protocol.HERALD ? "MSG " : "PUB ") + topic + " ").getBytes(StandardCharsets.US_ASCII);
        this.numberFields = protocol == Protocol.HERALD ? 2 : 0;
        this.payloadLength = payloadLength;
        this.stamps = stamps;
    }

    /**
     * Scans the line that starts at {@code from}.
     *
     * @return the index after its LF, or {@link #INCOMPLETE} when the line is not all there yet;
     *         {@link #message} tells whether it was a benchmark message
     */
    int scan(byte[] b, int from, int limit) {
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
        long pub = 0;
        int digits = 0;
        while (true) {
            if (i >= limit) {
                return INCOMPLETE;
            }
            int d = b[i++] - '0';
            if (d < 0 || d > 9) {
                if (d != '.' - '0' || digits == 0 || digits > 9) {
                    return lineEnd(b, i - 1, limit);
                }
                break;
            }
            pub = pub * 10 + d;
            digits++;
        }
        long seq = 0;
        digits = 0;
        while (true) {
            if (i >= limit) {
                return INCOMPLETE;
            }
            int d = b[i++] - '0';
            if (d < 0 || d > 9) {
                if (d != '.' - '0' || digits == 0 || digits > 18) {
                    return lineEnd(b, i - 1, limit);
                }
                break;
            }
            seq = seq * 10 + d;
            digits++;
        }
        long st = 0;
        if (stamps) {
            digits = 0;
            while (true) {
                if (i >= limit) {
                    return INCOMPLETE;
                }
                int d = b[i++] - '0';
                if (d < 0 || d > 9) {
                    if (d != '.' - '0' || digits == 0 || digits > 18) {
                        return lineEnd(b, i - 1, limit);
                    }
                    break;
                }
                st = st * 10 + d;
                digits++;
            }
        }
        int expectedLf = payloadStart + payloadLength;
        int lf = expectedLf >= i && expectedLf < limit && b[expectedLf] == '\n'
                ? expectedLf : Ascii.indexOf(b, i, limit, (byte) '\n');
        if (lf < 0) {
            return INCOMPLETE;
        }
        publisher = (int) pub;
        sequence = seq;
        stamp = st;
        message = true;
        return lf + 1;
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
