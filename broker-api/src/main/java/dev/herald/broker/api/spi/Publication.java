package dev.herald.broker.api.spi;

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
 */
public record Publication(String topic, byte[] payload, long publishedAt, List<String> offlineSubscribers) {

    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        offlineSubscribers = List.copyOf(offlineSubscribers);
    }

    /** A publication of text, kept as UTF-8. */
    public Publication(String topic, String payload, long publishedAt, List<String> offlineSubscribers) {
        this(topic, Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8), publishedAt,
                offlineSubscribers);
    }
}
