package dev.herald.broker.server.line;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.api.wire.Escaping;
import dev.herald.broker.api.wire.ServerFrame;

import java.nio.charset.StandardCharsets;

/**
 * Server frames as the bytes written to sockets, LF included.
 */
public final class Frames {

    public static final byte[] PONG = line("PONG");
    public static final byte[] DISC_ACK = line("DISC_ACK");
    public static final byte[] CONN_ACK_NEW = line("CONN_ACK NEW 0");

    private Frames() {
    }

    /** The {@code MSG} frame of a stored message (history and queue replays). */
    public static byte[] msg(Message m) {
        return msg(ascii(m.topic()), m.id(), decimal(m.publishedAt()), Escaping.escapePayload(m));
    }

    /**
     * A {@code MSG} frame, written byte by byte: built once per message and shared by every
     * subscriber it goes to. The publish time is already in decimal, the payload in its
     * escaped wire form.
     */
    public static byte[] msg(byte[] topic, long id, byte[] publishedAt, String escapedPayload) {
        byte[] payload = escapedPayload.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + topic.length + 1 + digits(id) + 1 + publishedAt.length + 1 + payload.length + 1];
        int at = put(out, 0, MSG);
        at = put(out, at, topic);
        out[at++] = ' ';
        at = putLong(out, at, id);
        out[at++] = ' ';
        at = put(out, at, publishedAt);
        out[at++] = ' ';
        at = put(out, at, payload);
        out[at] = '\n';
        return out;
    }

    /** {@code PUB_ACK <topic> <id>}. */
    public static byte[] pubAck(byte[] topic, long id) {
        byte[] out = new byte[8 + topic.length + 1 + digits(id) + 1];
        int at = put(out, 0, PUB_ACK);
        at = put(out, at, topic);
        out[at++] = ' ';
        at = putLong(out, at, id);
        out[at] = '\n';
        return out;
    }

    /** A number in decimal ASCII: a publish time, written once for a whole batch. */
    public static byte[] decimal(long n) {
        byte[] out = new byte[digits(n)];
        putLong(out, 0, n);
        return out;
    }

    /** The bytes of a topic name, which the grammar keeps to ASCII. */
    public static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] MSG = ascii("MSG ");
    private static final byte[] PUB_ACK = ascii("PUB_ACK ");

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static int digits(long n) {
        long bound = 10;
        for (int d = 1; d < 19; d++) {
            if (n < bound) {
                return d;
            }
            bound *= 10;
        }
        return 19;
    }

    /** Writes a non-negative number in decimal; returns the index after it. */
    private static int putLong(byte[] out, int at, long n) {
        int end = at + digits(n);
        int i = end;
        do {
            out[--i] = (byte) ('0' + (n % 10));
            n /= 10;
        } while (n > 0);
        return end;
    }

    public static byte[] err(ErrorCode code, String text) {
        return line(new ServerFrame.Err(code, text).toFrame());
    }

    public static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
