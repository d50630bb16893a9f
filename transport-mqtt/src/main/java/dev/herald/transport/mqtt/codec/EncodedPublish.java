package dev.herald.transport.mqtt.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A PUBLISH encoded once for all the subscribers of its message: the topic and payload are
 * copied into one array when it is made; each delivery then writes its own fixed header, the
 * topic and its own packet identifier, and the payload straight from that array. DUP, QoS,
 * RETAIN and the packet identifier are a delivery's own, so one instance serves subscribers at
 * every QoS. Immutable and thread-safe.
 */
public final class EncodedPublish {

    private final String topic;
    /** The topic with its two-byte length, then the payload. */
    private final byte[] body;
    private final int payloadOffset;

    private EncodedPublish(String topic, byte[] body, int payloadOffset) {
        this.topic = topic;
        this.body = body;
        this.payloadOffset = payloadOffset;
    }

    /**
     * Encodes a message's topic (a valid topic name) and payload.
     *
     * @throws IllegalArgumentException when the topic is not an MQTT string or the packet would be too large
     */
    public static EncodedPublish of(String topic, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        int payloadOffset = PacketWriter.stringSize(Objects.requireNonNull(topic, "topic"));
        FixedHeader.checkRemainingLength((long) payloadOffset + 2 + payload.length);
        byte[] body = new byte[payloadOffset + payload.length];
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        body[0] = (byte) (topicBytes.length >>> 8);
        body[1] = (byte) topicBytes.length;
        System.arraycopy(topicBytes, 0, body, 2, topicBytes.length);
        System.arraycopy(payload, 0, body, payloadOffset, payload.length);
        return new EncodedPublish(topic, body, payloadOffset);
    }

    /**
     * Encodes a message's payload under a topic encoded already by {@link #topicField}: for a
     * batch of messages to one topic, which is encoded once. The payload is read from its
     * buffer's position to its limit, and copied once.
     *
     * @throws IllegalArgumentException when the packet would be too large
     */
    public static EncodedPublish of(String topic, byte[] topicField, java.nio.ByteBuffer payload) {
        int payloadOffset = topicField.length;
        int length = payload.remaining();
        FixedHeader.checkRemainingLength((long) payloadOffset + 2 + length);
        byte[] body = new byte[payloadOffset + length];
        System.arraycopy(topicField, 0, body, 0, payloadOffset);
        payload.duplicate().get(body, payloadOffset, length);
        return new EncodedPublish(topic, body, payloadOffset);
    }

    /**
     * A QoS 0 PUBLISH packet without DUP and RETAIN, built in one array from a topic encoded
     * by {@link #topicField} and a payload (its buffer's position to its limit): a QoS 0
     * delivery needs no packet id, so every subscriber gets these same bytes.
     *
     * @throws IllegalArgumentException when the packet would be too large
     */
    public static byte[] qos0Packet(byte[] topicField, java.nio.ByteBuffer payload) {
        int length = payload.remaining();
        int remaining = topicField.length + length;
        FixedHeader.checkRemainingLength(remaining);
        byte[] packet = new byte[FixedHeader.size(remaining) + remaining];
        int pos = FixedHeader.write(FixedHeader.publishByte(false, 0, false), remaining, packet, 0);
        System.arraycopy(topicField, 0, packet, pos, topicField.length);
        payload.duplicate().get(packet, pos + topicField.length, length);
        return packet;
    }

    /**
     * A topic name as a PUBLISH carries it: its two-byte length, then its UTF-8 bytes.
     *
     * @throws IllegalArgumentException when the topic is not an MQTT string
     */
    public static byte[] topicField(String topic) {
        int size = PacketWriter.stringSize(Objects.requireNonNull(topic, "topic"));
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] field = new byte[size];
        field[0] = (byte) (topicBytes.length >>> 8);
        field[1] = (byte) topicBytes.length;
        System.arraycopy(topicBytes, 0, field, 2, topicBytes.length);
        return field;
    }

    /** The topic name. */
    public String topic() {
        return topic;
    }

    /** The size in bytes of a delivery at {@code qos}, fixed header included. */
    public int size(int qos) {
        int remaining = remainingLength(qos);
        return FixedHeader.size(remaining) + remaining;
    }

    /**
     * Writes one delivery, without copying the payload.
     *
     * @param packetId 1-65535 for QoS 1 and 2, 0 for QoS 0
     * @throws IllegalArgumentException for fields a PUBLISH cannot have (see {@link MqttPacket.Publish})
     */
    public void writeTo(OutputStream out, boolean dup, int qos, boolean retain, int packetId) throws IOException {
        byte[] head = new byte[FixedHeader.MAX_SIZE + payloadOffset + 2];
        int end = writeHead(dup, qos, retain, packetId, head);
        out.write(head, 0, end);
        out.write(body, payloadOffset, body.length - payloadOffset);
    }

    /** One delivery as an array of its own (the payload is copied into it). */
    public byte[] toBytes(boolean dup, int qos, boolean retain, int packetId) {
        byte[] packet = new byte[size(qos)];
        int end = writeHead(dup, qos, retain, packetId, packet);
        System.arraycopy(body, payloadOffset, packet, end, body.length - payloadOffset);
        return packet;
    }

    /**
     * One MQTT 5.0 delivery as an array of its own.
     *
     * @param propertyBlock the properties with their length in front, as {@link #propertyBlock} makes them
     * @param omitTopic     whether the topic name is left empty, a Topic Alias in the properties standing for it
     */
    public byte[] toBytes(boolean dup, int qos, boolean retain, int packetId, byte[] propertyBlock, boolean omitTopic) {
        MqttPacket.Publish.checkHeader(dup, qos, packetId);
        int topicSize = omitTopic ? 2 : payloadOffset;
        int payloadLength = body.length - payloadOffset;
        int remaining = FixedHeader.checkRemainingLength((long) topicSize + (qos > 0 ? 2 : 0) + propertyBlock.length + payloadLength);
        byte[] packet = new byte[FixedHeader.size(remaining) + remaining];
        int pos = FixedHeader.write(FixedHeader.publishByte(dup, qos, retain), remaining, packet, 0);
        if (omitTopic) {
            pos += 2; // a zero-length topic name [MQTT-3.3.2-1]
        } else {
            System.arraycopy(body, 0, packet, pos, payloadOffset);
            pos += payloadOffset;
        }
        if (qos > 0) {
            packet[pos++] = (byte) (packetId >>> 8);
            packet[pos++] = (byte) packetId;
        }
        System.arraycopy(propertyBlock, 0, packet, pos, propertyBlock.length);
        System.arraycopy(body, payloadOffset, packet, pos + propertyBlock.length, payloadLength);
        return packet;
    }

    /** The size of an MQTT 5.0 delivery made by {@link #toBytes(boolean, int, boolean, int, byte[], boolean)}. */
    public long size(int qos, byte[] propertyBlock, boolean omitTopic) {
        long remaining = (omitTopic ? 2 : payloadOffset) + (qos > 0 ? 2 : 0) + propertyBlock.length
                + (long) (body.length - payloadOffset);
        return remaining + FixedHeader.size((int) Math.min(remaining, FixedHeader.MAX_REMAINING_LENGTH));
    }

    /** The property block of a PUBLISH with no properties: a length of 0. */
    public static final byte[] NO_PROPERTIES = {0};

    /**
     * The properties of an MQTT 5.0 delivery, with their length in front: the Message Expiry
     * Interval left (if {@code expirySeconds} is not negative), the message's application
     * properties as they were received ({@link Properties#toBytes}), a Subscription Identifier
     * per matching subscription that has one, and a Topic Alias (if not 0).
     */
    public static byte[] propertyBlock(long expirySeconds, java.nio.ByteBuffer application, List<Integer> subscriptionIds,
                                       int topicAlias) {
        int length = (expirySeconds >= 0 ? 5 : 0) + application.remaining() + (topicAlias > 0 ? 3 : 0);
        for (int id : subscriptionIds) {
            length += 1 + PacketWriter.variableByteIntegerSize(id);
        }
        if (length == 0) {
            return NO_PROPERTIES;
        }
        PacketWriter out = new PacketWriter(PacketWriter.variableByteIntegerSize(length) + length);
        out.writeVariableByteInteger(length);
        if (expirySeconds >= 0) {
            out.writeByte(Property.MESSAGE_EXPIRY_INTERVAL.id());
            out.writeInt(Math.min(expirySeconds, 0xFFFF_FFFFL));
        }
        out.writeBytes(application.duplicate());
        for (int id : subscriptionIds) {
            out.writeByte(Property.SUBSCRIPTION_IDENTIFIER.id());
            out.writeVariableByteInteger(id);
        }
        if (topicAlias > 0) {
            out.writeByte(Property.TOPIC_ALIAS.id());
            out.writeShort(topicAlias);
        }
        return out.toByteArray();
    }

    /** Writes the fixed header, the topic and the packet identifier (QoS 1 and 2) from 0, and returns the offset after them. */
    private int writeHead(boolean dup, int qos, boolean retain, int packetId, byte[] buf) {
        MqttPacket.Publish.checkHeader(dup, qos, packetId);
        int pos = FixedHeader.write(FixedHeader.publishByte(dup, qos, retain), remainingLength(qos), buf, 0);
        System.arraycopy(body, 0, buf, pos, payloadOffset);
        pos += payloadOffset;
        if (qos > 0) {
            buf[pos++] = (byte) (packetId >>> 8);
            buf[pos++] = (byte) packetId;
        }
        return pos;
    }

    private int remainingLength(int qos) {
        return body.length + (qos > 0 ? 2 : 0);
    }
}
