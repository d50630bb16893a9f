package dev.herald.broker.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A message to store, before it has an id.
 *
 * @param topic              the topic it is published to
 * @param payload            the unescaped payload
 * @param publishedAt        the server's publish time, epoch milliseconds
 * @param offlineSubscribers client ids of the offline sessions subscribed to the topic, whose
 *                           offline queues receive the message
 */
public record Publication(String topic, String payload, long publishedAt, List<String> offlineSubscribers) {

    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        offlineSubscribers = List.copyOf(offlineSubscribers);
    }
}
