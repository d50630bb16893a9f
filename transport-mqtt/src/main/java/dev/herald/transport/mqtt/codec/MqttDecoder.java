package dev.herald.transport.mqtt.codec;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads MQTT 3.1.1 and 5.0 packets from a stream, one at a time, checking each against the standard.
 * The packet size limit is enforced from the fixed header, before any byte of the packet's
 * body is read. Reads the fixed header a byte at a time: give it a buffered stream. Not
 * thread-safe: one decoder per stream.
 *
 * <p>After a {@link MqttProtocolException} the stream is at an unknown place in the packet
 * and is not read again: the standard has the receiver close the connection (after a
 * CONNACK where {@link MqttProtocolException#action()} says so).
 */
public final class MqttDecoder {

    /** Who reads the packets, which decides the types that may arrive. */
    public enum Receiver {
        /** A server: packets that only a server sends (CONNACK, SUBACK, UNSUBACK, PINGRESP) are refused. */
        SERVER,
        /** A client: packets that only a client sends (CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT) are refused. */
        CLIENT,
        /** Either side, for tools and tests: every type is accepted. */
        ANY;

        /** Whether this receiver may be sent packets of {@code type}. */
        public boolean accepts(PacketType type) {
            return switch (this) {
                case SERVER -> type.sentByClient();
                case CLIENT -> type.sentByServer();
                case ANY -> true;
            };
        }
    }

    /** Bodies up to this size are read into an array of their size at once; larger ones grow as they arrive. */
    private static final int DIRECT_READ = 64 * 1024;

    private final InputStream in;
    private final int maxPacketSize;
    private final Receiver receiver;
    /** The protocol level of the connection, once its CONNECT is known; MQTT 3.1.1 until then. */
    private int level = MqttPacket.PROTOCOL_LEVEL;

    /**
     * @param in            the stream to read
     * @param maxPacketSize the largest packet accepted, in bytes, fixed header included
     * @param receiver      the side that reads
     */
    public MqttDecoder(InputStream in, int maxPacketSize, Receiver receiver) {
        if (maxPacketSize < 2) {
            throw new IllegalArgumentException("maxPacketSize must be at least 2: " + maxPacketSize);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.maxPacketSize = maxPacketSize;
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * The next packet, or {@code null} when the stream ends between packets.
     *
     * @throws MqttProtocolException when the packet breaks the standard, is over the size limit, or
     *                               is of a type the receiver is never sent [MQTT-4.8.0-1]
     * @throws EOFException          when the stream ends inside a packet
     * @throws IOException           when reading fails
     */
    public MqttPacket next() throws IOException, MqttProtocolException {
        FixedHeader header = FixedHeader.read(in, level);
        if (header == null) {
            return null;
        }
        if (!receiver.accepts(header.type())
                || header.type() == PacketType.DISCONNECT && receiver == Receiver.CLIENT && level < MqttPacket.PROTOCOL_LEVEL_5) {
            throw new MqttProtocolException(header.type() + " is never sent to a " + receiver.name().toLowerCase()
                    + " [MQTT-4.8.0-1]");
        }
        if (header.packetSize() > maxPacketSize) {
            throw new MqttProtocolException(ReasonCode.PACKET_TOO_LARGE, header.type() + " of " + header.packetSize()
                    + " bytes is over the limit of " + maxPacketSize + " bytes");
        }
        byte[] body = readBody(header.remainingLength());
        if (header.type() == PacketType.CONNECT && ConnectDecoder.level(body) == MqttPacket.PROTOCOL_LEVEL_5) {
            level = MqttPacket.PROTOCOL_LEVEL_5; // so that a broken CONNECT of MQTT 5.0 is answered in 5.0
        }
        return PacketDecoder.decode(header, body, level);
    }

    /**
     * Reads the packets that follow at a protocol level: a client's decoder learns it from the
     * CONNECT it sent (a server's learns it from the CONNECT it reads).
     */
    public void protocolLevel(int level) {
        this.level = level;
    }

    /** The protocol level the packets are read at: 4 (MQTT 3.1.1) until a CONNECT of level 5 is read. */
    public int protocolLevel() {
        return level;
    }

    /**
     * The one packet that {@code packet} holds, whole.
     *
     * @throws MqttProtocolException when it breaks the standard, or bytes follow it
     * @throws EOFException          when it is cut short (or empty)
     */
    public static MqttPacket decode(byte[] packet, Receiver receiver) throws IOException, MqttProtocolException {
        return decode(packet, receiver, MqttPacket.PROTOCOL_LEVEL);
    }

    /** {@link #decode(byte[], Receiver)} at a protocol level. */
    public static MqttPacket decode(byte[] packet, Receiver receiver, int level) throws IOException, MqttProtocolException {
        ByteArrayInputStream in = new ByteArrayInputStream(packet);
        MqttDecoder decoder = new MqttDecoder(in, Integer.MAX_VALUE, receiver);
        decoder.protocolLevel(level);
        MqttPacket decoded = decoder.next();
        if (decoded == null) {
            throw new EOFException("no packet in 0 bytes");
        }
        if (in.available() > 0) {
            throw new MqttProtocolException(in.available() + " bytes after the " + decoded.type() + " packet");
        }
        return decoded;
    }

    /**
     * Reads a body. A large one is read in steps, so that a peer announcing a large packet
     * makes the decoder hold only what it has really sent.
     */
    private byte[] readBody(int length) throws IOException {
        byte[] body;
        if (length <= DIRECT_READ) {
            body = new byte[length];
            if (in.readNBytes(body, 0, length) < length) {
                throw truncated(length);
            }
        } else {
            body = in.readNBytes(length);
            if (body.length < length) {
                throw truncated(length);
            }
        }
        return body;
    }

    private static EOFException truncated(int length) {
        return new EOFException("stream ended inside a packet of remaining length " + length);
    }
}
