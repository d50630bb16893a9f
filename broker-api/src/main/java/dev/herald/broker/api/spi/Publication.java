package dev.herald.broker.api.spi;

import dev.herald.broker.model.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A message to store, before it has an id.
 *
 * @param topic              the topic it is published to
 * @param payload            the payload's bytes (UTF-8 text for the line protocol); not copied: nothing
 *                           may change the array once it is handed to the store
 * @param publishedAt        the server's publish time, epoch milliseconds
 * @param offlineSubscribers client ids of the offline sessions subscribed to the topic, whose
 *                           offline queues receive the message
 * @param qos                the QoS it is published at, 0, 1 or 2; the stored message carries it
 * @param retain             whether it also becomes its topic's retained message (MQTT's retain
 *                           flag), or, with an empty payload, clears it; see {@link MessageStore}
 * @param properties         the message's properties block, opaque bytes that the protocol adapter
 *                           wrote (for MQTT 5 the PUBLISH properties to pass on), empty for none;
 *                           never null; not copied, like the payload. The stored message carries it
 *                           as {@link Message#properties()}
 * @param expiresAt          the epoch millisecond at which the message expires, or
 *                           {@link Message#NEVER_EXPIRES} (0); the stored message carries it as
 *                           {@link Message#expiresAt()}
 */
public record Publication(String topic, byte[] payload, long publishedAt, List<String> offlineSubscribers,
                          int qos, boolean retain, byte[] properties, long expiresAt) {

    /** The properties of every publication made without any. */
    private static final byte[] NO_PROPERTIES = {};

    /**
     * A publication of these bytes with a properties block and an expiry time.
     *
     * @throws IllegalArgumentException when {@code qos} is not 0, 1 or 2, or {@code expiresAt} is negative
     */
    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        offlineSubscribers = List.copyOf(offlineSubscribers);
        Message.checkQos(qos);
        Objects.requireNonNull(properties, "properties");
        if (expiresAt < 0) {
            throw new IllegalArgumentException("expiry time must not be negative: " + expiresAt);
        }
    }

    /**
     * A publication of these bytes with no properties, that never expires.
     *
     * @throws IllegalArgumentException when {@code qos} is not 0, 1 or 2
     */
    public Publication(String topic, byte[] payload, long publishedAt, List<String> offlineSubscribers,
                       int qos, boolean retain) {
        this(topic, payload, publishedAt, offlineSubscribers, qos, retain, NO_PROPERTIES, Message.NEVER_EXPIRES);
    }

    /** A publication at QoS 1 that sets no retained message (the line protocol's). */
    public Publication(String topic, byte[] payload, long publishedAt, List<String> offlineSubscribers) {
        this(topic, payload, publishedAt, offlineSubscribers, 1, false);
    }

    /** A publication of text, kept as UTF-8, at QoS 1, that sets no retained message. */
    public Publication(String topic, String payload, long publishedAt, List<String> offlineSubscribers) {
        this(topic, payload, publishedAt, offlineSubscribers, 1, false);
    }

    /** A publication of text, kept as UTF-8, with no properties, that never expires. */
    public Publication(String topic, String payload, long publishedAt, List<String> offlineSubscribers,
                       int qos, boolean retain) {
        this(topic, Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8), publishedAt,
                offlineSubscribers, qos, retain);
    }
}
