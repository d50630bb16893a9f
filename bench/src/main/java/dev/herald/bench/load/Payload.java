package dev.herald.bench.load;

/**
 * The payload every benchmark message carries: {@code <publisher>.<sequence>.<stamp>.}
 * padded with {@code x} to a fixed length. The publisher index and sequence number let
 * subscribers check for loss, duplicates and reordering; the stamp ({@link System#nanoTime()}
 * of the generator) gives latency. Payloads need no escaping, so a payload is the same bytes
 * in a {@code PUB} line, a {@code MSG} line and a relayed line.
 */
public final class Payload {

    /** Room for the longest header: two 19-digit numbers, a 10-digit index and three dots. */
    public static final int MAX_HEADER = 10 + 1 + 19 + 1 + 19 + 1;
    private static final byte PAD = 'x';

    private Payload() {
    }

    /**
     * Writes a payload at {@code at}.
     *
     * @param length the payload length; a header longer than it is written whole
     * @return the index after the payload
     */
    public static int write(byte[] buf, int at, int publisher, long sequence, long stamp, int length) {
        int start = at;
        at = Ascii.putLong(buf, at, publisher);
        buf[at++] = '.';
        at = Ascii.putLong(buf, at, sequence);
        buf[at++] = '.';
        at = Ascii.putLong(buf, at, stamp);
        buf[at++] = '.';
        int end = start + length;
        while (at < end) {
            buf[at++] = PAD;
        }
        return at;
    }

    /** How many bytes {@link #write} writes for these arguments. */
    public static int length(int publisher, long sequence, long stamp, int length) {
        int header = Ascii.digits(publisher) + Ascii.digits(sequence) + Ascii.digits(stamp) + 3;
        return Math.max(length, header);
    }

    /** The payload as text, for tests and messages. */
    public static String of(int publisher, long sequence, long stamp, int length) {
        byte[] buf = new byte[Math.max(length, MAX_HEADER)];
        int end = write(buf, 0, publisher, sequence, stamp, length);
        return new String(buf, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
