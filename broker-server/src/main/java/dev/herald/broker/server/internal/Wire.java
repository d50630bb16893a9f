package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;

import java.util.List;

/**
 * How one protocol writes what the engine does to one connection: the engine decides what
 * a connection is sent and when, the wire says in which bytes. The line protocol has one
 * wire for every connection; a protocol with per-connection state (MQTT's packet ids and
 * in-flight window) has one per connection.
 *
 * <p>A batch of live messages is encoded once per protocol ({@link #encodeBatch}), not once
 * per subscriber; {@link #live} then makes a subscriber's frame from the shared encoding.
 * The engine calls {@code live} under the connection's outbound lock, in delivery order, so
 * a wire may number the frames it hands out; it must not block.
 */
public interface Wire {

    /**
     * The key under which a batch's shared encoding is kept: wires of one protocol share it,
     * so that a batch is encoded once for all of them.
     */
    Object protocol();

    /** What the engine knows of a live batch's messages besides what the store keeps of them. */
    interface Published {
        /** Nothing known: messages handed on from another session, read back from the store. */
        Published NONE = new Published() {
            @Override
            public String escaped(int i) {
                return null;
            }

            @Override
            public Session publisher(int i) {
                return null;
            }

            @Override
            public boolean retain(int i) {
                return false;
            }
        };

        /** The line protocol's escaped payload of message {@code i} where its publisher already had it, else null. */
        String escaped(int i);

        /** The session that published message {@code i}, or null when the server did (or its publisher has none). */
        Session publisher(int i);

        /** Whether message {@code i} was published with RETAIN (MQTT). */
        boolean retain(int i);
    }

    /** Encodes a batch of live messages of one topic for every subscriber of this protocol. */
    Object encodeBatch(List<Message> stored, Published published);

    /**
     * A subscriber's frame for message {@code index} of a batch, from the batch's shared
     * encoding; null when the connection can take no more messages now (its window of
     * unacknowledged messages is full), so that the publisher waits as for a full outbound.
     */
    byte[] live(Session session, Message message, Object batch, int index);

    /**
     * The frame of a message replayed after a reply: history or retained messages after a
     * subscription, queued messages after a session resumes.
     *
     * @param retained whether it is a retained message replayed to a new subscription
     * @return the frame, or null to leave the message out (the protocol sends it itself)
     */
    byte[] replayed(Session session, Message message, boolean retained);

    /** The last frame to a connection whose session another connection took over; null to just close it. */
    byte[] takenOver(String clientId);

    /** The last frame to a connection cut off as a slow consumer; null to just close it. */
    byte[] slowConsumer(String why);

    /**
     * Messages this connection was sent but its client has not acknowledged yet, which must
     * not be lost if the session ends here: when the session goes offline the engine adds
     * them to its offline queue with the unwritten ones. A replay later leaves out those
     * the protocol sends again itself ({@link #replayed} returns null for them). None by
     * default: the line protocol counts a written message as delivered.
     */
    default List<Message> unacknowledged() {
        return List.of();
    }
}
