package dev.herald.broker.server.internal;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.Message;
import dev.herald.broker.api.wire.Escaping;
import dev.herald.broker.api.wire.ServerFrame;

import java.nio.charset.StandardCharsets;

/**
 * Server frames as the bytes written to sockets, LF included.
 */
final class Frames {

    static final byte[] PONG = line("PONG");
    static final byte[] DISC_ACK = line("DISC_ACK");
    static final byte[] CONN_ACK_NEW = line("CONN_ACK NEW 0");

    private Frames() {
    }

    /** A {@code MSG} frame: built once per message and shared by every subscriber it goes to. */
    static byte[] msg(Message m) {
        String payload = Escaping.escape(m.payload());
        StringBuilder b = new StringBuilder(48 + m.topic().length() + payload.length());
        b.append("MSG ").append(m.topic()).append(' ').append(m.id()).append(' ').append(m.publishedAt())
                .append(' ').append(payload).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pubAck(String topic, long id) {
        return ("PUB_ACK " + topic + " " + id + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] err(ErrorCode code, String text) {
        return line(new ServerFrame.Err(code, text).toFrame());
    }

    static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
