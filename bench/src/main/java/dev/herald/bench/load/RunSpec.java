package dev.herald.bench.load;

import java.util.Objects;

/**
 * The shape of one pub/sub run.
 *
 * @param protocol      how to talk to the target
 * @param topic         the topic everyone uses
 * @param payloadLength payload bytes per message
 * @param publishers    publisher connections
 * @param subscribers   subscriber connections
 * @param messages      messages published in all, split evenly across publishers
 * @param rate          messages per second in all, or 0 to publish as fast as the target takes them
 * @param window        the most unacknowledged publishes per publisher (Herald only)
 */
public record RunSpec(Protocol protocol, String topic, int payloadLength, int publishers, int subscribers,
                      long messages, long rate, int window) {

    public RunSpec {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(topic, "topic");
        if (publishers < 1 || subscribers < 0 || messages < 0 || rate < 0 || window < 1 || payloadLength < 0) {
            throw new IllegalArgumentException("invalid run: " + publishers + " publishers, " + subscribers
                    + " subscribers, " + messages + " messages, rate " + rate + ", window " + window);
        }
    }

    /** How many messages publisher {@code index} sends: an even share, the remainder to the first ones. */
    public long messagesOf(int index) {
        long share = messages / publishers;
        return share + (index < messages % publishers ? 1 : 0);
    }

    /** Every publisher's count, by index. */
    public long[] messagesPerPublisher() {
        long[] counts = new long[publishers];
        for (int i = 0; i < publishers; i++) {
            counts[i] = messagesOf(i);
        }
        return counts;
    }

    /** The same run with another message count. */
    public RunSpec withMessages(long count) {
        return new RunSpec(protocol, topic, payloadLength, publishers, subscribers, count, rate, window);
    }

    /** The same run with another subscriber count. */
    public RunSpec withSubscribers(int count) {
        return new RunSpec(protocol, topic, payloadLength, publishers, count, messages, rate, window);
    }
}
