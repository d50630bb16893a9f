package dev.herald.broker.server.internal;

import dev.herald.broker.api.ErrorCode;
import dev.herald.broker.api.Message;
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

    static byte[] msg(Message m) {
        return line(ServerFrame.Msg.format(m));
    }

    static byte[] pubAck(String topic, long id) {
        return line("PUB_ACK " + topic + " " + id);
    }

    static byte[] err(ErrorCode code, String text) {
        return line(new ServerFrame.Err(code, text).toFrame());
    }

    static byte[] of(ServerFrame frame) {
        return line(frame.toFrame());
    }

    static byte[] line(String text) {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        return b;
    }
}
