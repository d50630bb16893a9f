package dev.herald.transport.mqtt.listener;

import dev.herald.transport.mqtt.codec.MqttDecoder;
import dev.herald.transport.mqtt.codec.MqttEncoder;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttProtocolException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * An MQTT client written with Herald's codec, packet by packet, for the rules a library
 * client keeps to itself: what goes on the wire, in which order, and what the server does
 * with packets a well-behaved client never sends. It speaks MQTT 3.1.1, or MQTT 5.0 from
 * a CONNECT of protocol level 5 on.
 */
final class RawMqttClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final MqttDecoder decoder;
    /** The protocol level of the packets sent and read: the last CONNECT's, 4 or 5. */
    private int level = MqttPacket.PROTOCOL_LEVEL;
    /** The CONNACK that {@link #connected(int, MqttPacket.Connect)} got. */
    private MqttPacket.Connack connack;

    RawMqttClient(int port) {
        this(open(port));
    }

    private static Socket open(int port) {
        try {
            return new Socket("127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client on a socket of the test's making (a TLS one, say). */
    RawMqttClient(Socket socket) {
        try {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            decoder = new MqttDecoder(new BufferedInputStream(socket.getInputStream()), Integer.MAX_VALUE,
                    MqttDecoder.Receiver.CLIENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects with an MQTT 3.1.1 CONNECT. */
    static RawMqttClient connected(int port, String clientId, boolean cleanSession) {
        return connected(port, new MqttPacket.Connect(clientId, cleanSession, 0));
    }

    /** Connects with {@code connect}, of either level, which the server must accept; see {@link #connack()}. */
    static RawMqttClient connected(int port, MqttPacket.Connect connect) {
        RawMqttClient c = new RawMqttClient(port);
        MqttPacket.Connack ack = (MqttPacket.Connack) c.exchange(connect);
        if (ack == null || ack.code() != 0) {
            throw new AssertionError("CONNECT refused: " + ack);
        }
        c.connack = ack;
        return c;
    }

    /** The CONNACK of a client made by {@link #connected(int, MqttPacket.Connect)}. */
    MqttPacket.Connack connack() {
        return connack;
    }

    /** Sends a packet at the connection's protocol level; a CONNECT sets that level, for what follows too. */
    void send(MqttPacket packet) {
        if (packet instanceof MqttPacket.Connect c) {
            protocolLevel(c.protocolLevel());
        }
        sendBytes(MqttEncoder.encode(packet, level));
    }

    /** Writes and reads packets at a protocol level from now on: MQTT 5.0's for 5, MQTT 3.1.1's for any other. */
    void protocolLevel(int level) {
        this.level = level == MqttPacket.PROTOCOL_LEVEL_5 ? MqttPacket.PROTOCOL_LEVEL_5 : MqttPacket.PROTOCOL_LEVEL;
        decoder.protocolLevel(this.level);
    }

    void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next packet, within the socket's timeout; null when the server closed the connection. */
    MqttPacket next() {
        try {
            return decoder.next();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet from the server within 10 s");
        } catch (IOException e) {
            return null; // reset: closed as well
        } catch (MqttProtocolException e) {
            throw new AssertionError("the server sent a broken packet: " + e.getMessage(), e);
        }
    }

    MqttPacket exchange(MqttPacket packet) {
        send(packet);
        return next();
    }

    /** Whether the server closed the connection: the next read finds the end of the stream. */
    boolean closedByServer() {
        return next() == null;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test's socket: nothing to do
        }
    }
}
