package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Auth;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.PublishAcknowledgement;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsuback;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Will;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes packets as MQTT 3.1.1 or 5.0 bytes, the remaining length in its shortest form. To
 * send one message to many subscribers, encode it once with {@link EncodedPublish}.
 */
public final class MqttEncoder {

    private MqttEncoder() {
    }

    /**
     * The MQTT 3.1.1 bytes of {@code packet}.
     *
     * @throws IllegalArgumentException when a field does not fit MQTT: a string or binary field
     *                                  over 65535 bytes, a string with U+0000 or a lone surrogate,
     *                                  or a packet over the largest remaining length
     */
    public static byte[] encode(MqttPacket packet) {
        return encode(packet, MqttPacket.PROTOCOL_LEVEL);
    }

    /**
     * The bytes of {@code packet} at a protocol level: with {@link MqttPacket#PROTOCOL_LEVEL_5},
     * its properties and reason codes too. A CONNECT is written at its own level.
     *
     * @throws IllegalArgumentException as {@link #encode(MqttPacket)}, and for an AUTH below MQTT 5.0
     */
    public static byte[] encode(MqttPacket packet, int level) {
        boolean v5 = (packet instanceof Connect c ? c.protocolLevel() : level) >= MqttPacket.PROTOCOL_LEVEL_5;
        if (packet instanceof Auth && !v5) {
            throw new IllegalArgumentException("AUTH is MQTT 5.0's");
        }
        PacketWriter out = new PacketWriter(firstByte(packet), remainingLength(packet, v5));
        switch (packet) {
            case Connect connect -> writeConnect(connect, out, v5);
            case Connack connack -> {
                out.writeByte(connack.sessionPresent() ? 1 : 0);
                out.writeByte(connack.code());
                if (v5) {
                    connack.properties().writeTo(out);
                }
            }
            case Publish publish -> {
                out.writeString(publish.topic());
                if (publish.qos() > 0) {
                    out.writePacketId(publish.packetId());
                }
                if (v5) {
                    publish.properties().writeTo(out);
                }
                out.writeBytes(publish.payload());
            }
            case PublishAcknowledgement ack -> {
                out.writePacketId(ack.packetId());
                if (v5) {
                    writeReason(ack.type(), ack.reasonCode(), ack.properties(), out);
                }
            }
            case Unsuback unsuback -> {
                out.writePacketId(unsuback.packetId());
                if (v5) {
                    unsuback.properties().writeTo(out);
                    unsuback.reasonCodes().forEach(out::writeByte);
                }
            }
            case Subscribe subscribe -> {
                out.writePacketId(subscribe.packetId());
                if (v5) {
                    subscribe.properties().writeTo(out);
                }
                for (Subscription subscription : subscribe.subscriptions()) {
                    out.writeString(subscription.filter());
                    out.writeByte(v5 ? options(subscription) : subscription.qos());
                }
            }
            case Suback suback -> {
                out.writePacketId(suback.packetId());
                if (v5) {
                    suback.properties().writeTo(out);
                }
                suback.returnCodes().forEach(out::writeByte);
            }
            case Unsubscribe unsubscribe -> {
                out.writePacketId(unsubscribe.packetId());
                if (v5) {
                    unsubscribe.properties().writeTo(out);
                }
                unsubscribe.filters().forEach(out::writeString);
            }
            case MqttPacket.Pingreq ping -> { }
            case MqttPacket.Pingresp pong -> { }
            case Disconnect disconnect -> {
                if (v5) {
                    writeReason(PacketType.DISCONNECT, disconnect.reasonCode(), disconnect.properties(), out);
                }
            }
            case Auth auth -> writeReason(PacketType.AUTH, auth.reasonCode(), auth.properties(), out);
        }
        return out.toByteArray();
    }

    /** Writes the MQTT 3.1.1 bytes of {@code packet} to {@code out}, in one write. */
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

    /**
     * The size of the reason code and properties of a PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT
     * or AUTH of MQTT 5.0 in its shortest form: nothing for success without properties (sections
     * 3.4.2.1, 3.14.2.1, 3.15.2.1); the reason code alone without properties, but for AUTH, whose
     * property length is never left out by itself (sections 3.4.2.2.1, 3.14.2.2.1, 3.15.2.2.1).
     */
    private static int reasonLength(PacketType type, int reasonCode, Properties properties) {
        if (reasonCode == ReasonCode.SUCCESS && properties.isEmpty()) {
            return 0;
        }
        return 1 + (properties.isEmpty() && type != PacketType.AUTH ? 0 : properties.size());
    }

    /** Writes what {@link #reasonLength} counts. */
    private static void writeReason(PacketType type, int reasonCode, Properties properties, PacketWriter out) {
        if (reasonCode != ReasonCode.SUCCESS || !properties.isEmpty()) {
            out.writeByte(reasonCode);
            if (!properties.isEmpty() || type == PacketType.AUTH) {
                properties.writeTo(out);
            }
        }
    }

    /** A subscription's options byte (section 3.8.3.1). */
    private static int options(Subscription s) {
        return s.qos() | (s.noLocal() ? 0b100 : 0) | (s.retainAsPublished() ? 0b1000 : 0) | s.retainHandling() << 4;
    }

    private static long remainingLength(MqttPacket packet, boolean v5) {
        return switch (packet) {
            case Connect connect -> connectLength(connect, v5);
            case Connack connack -> 2 + (v5 ? connack.properties().size() : 0);
            case Publish publish -> PacketWriter.stringSize(publish.topic()) + (publish.qos() > 0 ? 2 : 0)
                    + (v5 ? publish.properties().size() : 0) + (long) publish.payload().length;
            case PublishAcknowledgement ack -> 2 + (v5 ? reasonLength(ack.type(), ack.reasonCode(), ack.properties()) : 0);
            case Unsuback unsuback -> 2 + (v5 ? unsuback.properties().size() + unsuback.reasonCodes().size() : 0);
            case Subscribe subscribe -> 2 + (v5 ? subscribe.properties().size() : 0) + subscribe.subscriptions().stream()
                    .mapToLong(s -> PacketWriter.stringSize(s.filter()) + 1).sum();
            case Suback suback -> 2 + (v5 ? suback.properties().size() : 0) + suback.returnCodes().size();
            case Unsubscribe unsubscribe -> 2 + (v5 ? unsubscribe.properties().size() : 0) + unsubscribe.filters().stream()
                    .mapToLong(PacketWriter::stringSize).sum();
            case Disconnect disconnect ->
                    v5 ? reasonLength(PacketType.DISCONNECT, disconnect.reasonCode(), disconnect.properties()) : 0;
            case Auth auth -> reasonLength(PacketType.AUTH, auth.reasonCode(), auth.properties());
            default -> packet.type().fixedRemainingLength();
        };
    }

    private static long connectLength(Connect c, boolean v5) {
        long length = PacketWriter.stringSize(c.protocolName()) + 1 + 1 + 2 + PacketWriter.stringSize(c.clientId());
        if (v5) {
            length += c.properties().size();
        }
        if (c.will() != null) {
            length += PacketWriter.stringSize(c.will().topic()) + PacketWriter.binarySize(c.will().message(), "will message");
            if (v5) {
                length += c.will().properties().size();
            }
        }
        if (c.userName() != null) {
            length += PacketWriter.stringSize(c.userName());
        }
        if (c.password() != null) {
            length += PacketWriter.binarySize(c.password(), "password");
        }
        return length;
    }

    private static void writeConnect(Connect c, PacketWriter out, boolean v5) {
        out.writeString(c.protocolName());
        out.writeByte(c.protocolLevel());
        out.writeByte(ConnectFlags.of(c));
        out.writeShort(c.keepAlive());
        if (v5) {
            c.properties().writeTo(out);
        }
        out.writeString(c.clientId());
        Will will = c.will();
        if (will != null) {
            if (v5) {
                will.properties().writeTo(out);
            }
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
