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
 * with packets a well-behaved client never sends.
 */
final class RawMqttClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final MqttDecoder decoder;

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

    /** Connects with CONNECT and returns the CONNACK. */
    static RawMqttClient connected(int port, String clientId, boolean cleanSession) {
        RawMqttClient c = new RawMqttClient(port);
        MqttPacket.Connack ack = (MqttPacket.Connack) c.exchange(new MqttPacket.Connect(clientId, cleanSession, 0));
        if (ack.returnCode().code() != 0) {
            throw new AssertionError("CONNECT refused: " + ack);
        }
        return c;
    }

    void send(MqttPacket packet) {
        sendBytes(MqttEncoder.encode(packet));
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
