package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Acknowledgement;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Will;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes packets as MQTT 3.1.1 bytes, the remaining length in its shortest form. To send one
 * message to many subscribers, encode it once with {@link EncodedPublish}.
 */
public final class MqttEncoder {

    private MqttEncoder() {
    }

    /**
     * The bytes of {@code packet}.
     *
     * @throws IllegalArgumentException when a field does not fit MQTT: a string or binary field
     *                                  over 65535 bytes, a string with U+0000 or a lone surrogate,
     *                                  or a packet over the largest remaining length
     */
    public static byte[] encode(MqttPacket packet) {
        PacketWriter out = new PacketWriter(firstByte(packet), remainingLength(packet));
        switch (packet) {
            case Connect connect -> writeConnect(connect, out);
            case Connack connack -> {
                out.writeByte(connack.sessionPresent() ? 1 : 0);
                out.writeByte(connack.returnCode().code());
            }
            case Publish publish -> {
                out.writeString(publish.topic());
                if (publish.qos() > 0) {
                    out.writePacketId(publish.packetId());
                }
                out.writeBytes(publish.payload());
            }
            case Acknowledgement ack -> out.writePacketId(ack.packetId());
            case Subscribe subscribe -> {
                out.writePacketId(subscribe.packetId());
                for (Subscription subscription : subscribe.subscriptions()) {
                    out.writeString(subscription.filter());
                    out.writeByte(subscription.qos());
                }
            }
            case Suback suback -> {
                out.writePacketId(suback.packetId());
                suback.returnCodes().forEach(out::writeByte);
            }
            case Unsubscribe unsubscribe -> {
                out.writePacketId(unsubscribe.packetId());
                unsubscribe.filters().forEach(out::writeString);
            }
            case MqttPacket.Pingreq ping -> { }
            case MqttPacket.Pingresp pong -> { }
            case MqttPacket.Disconnect disconnect -> { }
        }
        return out.toByteArray();
    }

    /** Writes the bytes of {@code packet} to {@code out}, in one write. */
    public static void encode(MqttPacket packet, OutputStream out) throws IOException {
        out.write(encode(packet));
    }

    private static int firstByte(MqttPacket packet) {
        if (packet instanceof Publish p) {
            return FixedHeader.publishByte(p.dup(), p.qos(), p.retain());
        }
        PacketType type = packet.type();
        return type.code() << 4 | type.fixedFlags();
    }

    private static long remainingLength(MqttPacket packet) {
        return switch (packet) {
            case Connect connect -> connectLength(connect);
            case Publish publish -> PacketWriter.stringSize(publish.topic()) + (publish.qos() > 0 ? 2 : 0)
                    + (long) publish.payload().length;
            case Subscribe subscribe -> 2 + subscribe.subscriptions().stream()
                    .mapToLong(s -> PacketWriter.stringSize(s.filter()) + 1).sum();
            case Suback suback -> 2 + suback.returnCodes().size();
            case Unsubscribe unsubscribe -> 2 + unsubscribe.filters().stream()
                    .mapToLong(PacketWriter::stringSize).sum();
            default -> packet.type().fixedRemainingLength();
        };
    }

    private static long connectLength(Connect c) {
        long length = PacketWriter.stringSize(c.protocolName()) + 1 + 1 + 2 + PacketWriter.stringSize(c.clientId());
        if (c.will() != null) {
            length += PacketWriter.stringSize(c.will().topic()) + PacketWriter.binarySize(c.will().message(), "will message");
        }
        if (c.userName() != null) {
            length += PacketWriter.stringSize(c.userName());
        }
        if (c.password() != null) {
            length += PacketWriter.binarySize(c.password(), "password");
        }
        return length;
    }

    private static void writeConnect(Connect c, PacketWriter out) {
        out.writeString(c.protocolName());
        out.writeByte(c.protocolLevel());
        out.writeByte(ConnectFlags.of(c));
        out.writeShort(c.keepAlive());
        out.writeString(c.clientId());
        Will will = c.will();
        if (will != null) {
            out.writeString(will.topic());
            out.writeBinary(will.message());
        }
        if (c.userName() != null) {
            out.writeString(c.userName());
        }
        if (c.password() != null) {
            out.writeBinary(c.password());
        }
    }
}
