package dev.herald.broker.api;

import java.util.Objects;

/**
 * A published message as the broker stored it.
 *
 * @param id          positive id assigned by the broker, unique per store and increasing in publish order
 * @param topic       the topic it was published to
 * @param publishedAt the server's publish time, epoch milliseconds
 * @param payload     the payload text, unescaped (may be empty)
 */
public record Message(long id, String topic, long publishedAt, String payload) {

    public Message {
        if (id <= 0) {
            throw new IllegalArgumentException("message id must be positive: " + id);
        }
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
