package dev.herald.broker.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A published message as the broker stored it. Its payload is bytes: the line protocol
 * publishes UTF-8 text, other protocols may publish any bytes. It carries the QoS it was
 * published at (0, 1 or 2, as in MQTT); the line protocol's messages are QoS 1, since they are
 * acknowledged once stored.
 *
 * <p>It may also carry a properties block and an expiry time. The properties are opaque bytes
 * that the protocol adapter which took the message wrote and that pass through the broker
 * unchanged: for MQTT 5 they are the PUBLISH properties to hand on (Payload Format Indicator,
 * Content Type, Response Topic, Correlation Data, User Properties). {@link #expiresAt()} is
 * the time after which the message must not be delivered any more, or {@link #NEVER_EXPIRES}.
 * A message made without them has no properties and never expires. Immutable.
 */
public final class Message {

    /** The {@link #expiresAt()} of a message that never expires. */
    public static final long NEVER_EXPIRES = 0;

    /** The properties of every message that has none. */
    private static final byte[] NO_PROPERTIES = {};

    private final long id;
    private final String topic;
    private final long publishedAt;
    private final byte[] payload;
    private final int qos;
    private final byte[] properties;
    private final long expiresAt;

    /**
     * A message at QoS 1 whose payload is text, kept as UTF-8.
     *
     * @param id          positive id assigned by the broker, unique per store and increasing in publish order
     * @param topic       the topic it was published to
     * @param publishedAt the server's publish time, epoch milliseconds
     * @param payload     the payload text, unescaped (may be empty)
     */
    public Message(long id, String topic, long publishedAt, String payload) {
        this(id, topic, publishedAt, Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8), 1,
                NO_PROPERTIES, NEVER_EXPIRES);
    }

    /** A message at QoS 1 whose payload is these bytes (copied). */
    public Message(long id, String topic, long publishedAt, byte[] payload) {
        this(id, topic, publishedAt, payload, 1);
    }

    /**
     * A message whose payload is these bytes (copied), published at {@code qos}.
     *
     * @throws IllegalArgumentException when {@code qos} is not 0, 1 or 2
     */
    public Message(long id, String topic, long publishedAt, byte[] payload, int qos) {
        this(id, topic, publishedAt, Objects.requireNonNull(payload, "payload").clone(), qos, NO_PROPERTIES,
                NEVER_EXPIRES);
    }

    /** The one constructor that keeps {@code payload} and {@code properties} as given. */
    private Message(long id, String topic, long publishedAt, byte[] payload, int qos, byte[] properties,
                    long expiresAt) {
        if (id <= 0) {
            throw new IllegalArgumentException("message id must be positive: " + id);
        }
        if (expiresAt < 0) {
            throw new IllegalArgumentException("expiry time must not be negative: " + expiresAt);
        }
        this.id = id;
        this.topic = Objects.requireNonNull(topic, "topic");
        this.publishedAt = publishedAt;
        this.payload = Objects.requireNonNull(payload, "payload");
        this.qos = checkQos(qos);
        this.properties = Objects.requireNonNull(properties, "properties").length == 0 ? NO_PROPERTIES : properties;
        this.expiresAt = expiresAt;
    }

    /**
     * A message at QoS 1 that takes this array as its payload without copying it: for stores
     * and the server, which hand over an array that nothing changes afterwards.
     */
    public static Message wrapping(long id, String topic, long publishedAt, byte[] payload) {
        return wrapping(id, topic, publishedAt, payload, 1);
    }

    /**
     * A message published at {@code qos} that takes this array as its payload without copying it.
     *
     * @throws IllegalArgumentException when {@code qos} is not 0, 1 or 2
     */
    public static Message wrapping(long id, String topic, long publishedAt, byte[] payload, int qos) {
        return new Message(id, topic, publishedAt, payload, qos, NO_PROPERTIES, NEVER_EXPIRES);
    }

    /**
     * A message published at {@code qos} with a properties block and an expiry time, that takes
     * both arrays as they are, without copying them: nothing may change them afterwards.
     *
     * @param properties the properties block, opaque bytes (empty for none)
     * @param expiresAt  the epoch millisecond at which it expires, or {@link #NEVER_EXPIRES}
     * @throws IllegalArgumentException when {@code qos} is not 0, 1 or 2, or {@code expiresAt} is negative
     */
    public static Message wrapping(long id, String topic, long publishedAt, byte[] payload, int qos, byte[] properties,
                                   long expiresAt) {
        return new Message(id, topic, publishedAt, payload, qos, properties, expiresAt);
    }

    /**
     * Returns {@code qos} when it is a QoS of MQTT: 0 (at most once), 1 (at least once) or
     * 2 (exactly once).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static int checkQos(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + qos);
        }
        return qos;
    }

    /** The positive id the broker assigned, unique per store and increasing in publish order. */
    public long id() {
        return id;
    }

    /** The topic it was published to. */
    public String topic() {
        return topic;
    }

    /** The server's publish time, epoch milliseconds. */
    public long publishedAt() {
        return publishedAt;
    }

    /** The QoS it was published at: 0, 1 or 2. */
    public int qos() {
        return qos;
    }

    /** The payload as text, decoded from UTF-8 (bytes that are not UTF-8 become U+FFFD). */
    public String payload() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The payload's bytes as a read-only buffer over the message's own array: no copy. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** A copy of the payload's bytes. */
    public byte[] payloadBytes() {
        return payload.clone();
    }

    /** The payload's length in bytes. */
    public int payloadSize() {
        return payload.length;
    }

    /**
     * The properties block as a read-only buffer over the message's own array (no copy): opaque
     * bytes that the protocol adapter wrote, for MQTT 5 the PUBLISH properties to pass on.
     * Empty when the message has none.
     */
    public ByteBuffer properties() {
        return ByteBuffer.wrap(properties).asReadOnlyBuffer();
    }

    /** The properties block's length in bytes; 0 when the message has none. */
    public int propertiesSize() {
        return properties.length;
    }

    /** Whether the message has a properties block (of at least one byte). */
    public boolean hasProperties() {
        return properties.length > 0;
    }

    /** The epoch millisecond at which the message expires, or {@link #NEVER_EXPIRES}. */
    public long expiresAt() {
        return expiresAt;
    }

    /**
     * Whether the message has expired at {@code nowMillis} (epoch ms): it has an expiry time and
     * that time has come.
     */
    public boolean expiredAt(long nowMillis) {
        return expiresAt != NEVER_EXPIRES && nowMillis >= expiresAt;
    }

    /** Whether the payload is well-formed UTF-8, so {@link #payload()} gives it without loss. */
    public boolean payloadIsUtf8() {
        return isUtf8(payload);
    }

    /** Whether these bytes are well-formed UTF-8. */
    public static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true; // ASCII
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && id == m.id && publishedAt == m.publishedAt && qos == m.qos
                && expiresAt == m.expiresAt && topic.equals(m.topic) && Arrays.equals(payload, m.payload)
                && Arrays.equals(properties, m.properties);
    }

    @Override
    public int hashCode() {
        return (Objects.hash(id, topic, publishedAt, qos, expiresAt) * 31 + Arrays.hashCode(payload)) * 31
                + Arrays.hashCode(properties);
    }

    /** Shows the payload (as text when it is UTF-8) and the size of the properties, not their bytes. */
    @Override
    public String toString() {
        return "Message[id=" + id + ", topic=" + topic + ", publishedAt=" + publishedAt + ", qos=" + qos + ", payload="
                + (payloadIsUtf8() ? payload() : payload.length + " bytes") + ", properties=" + properties.length
                + " bytes, expiresAt=" + expiresAt + "]";
    }
}
