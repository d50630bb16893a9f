package dev.herald.broker.server.line;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.server.internal.Session;
import dev.herald.broker.server.internal.Wire;

import java.util.List;

/**
 * The line protocol's wire: a live message's {@code MSG} frame is the same bytes for every
 * subscriber, so a batch is encoded once and shared.
 */
public final class LineWire implements Wire {

    /** The one wire of every line-protocol connection. */
    public static final LineWire INSTANCE = new LineWire();

    private LineWire() {
    }

    @Override
    public Object protocol() {
        return this;
    }

    @Override
    public Object encodeBatch(List<Message> stored, Published published) {
        byte[][] frames = new byte[stored.size()][];
        long at = -1;
        byte[] publishedAt = null;
        byte[] topic = null;
        for (int i = 0; i < frames.length; i++) {
            Message m = stored.get(i);
            String wire = published.escaped(i);
            if (wire == null) {
                frames[i] = Frames.msg(m);
                continue;
            }
            if (m.publishedAt() != at) {
                at = m.publishedAt();
                publishedAt = Frames.decimal(at);
            }
            if (topic == null) {
                topic = Frames.ascii(m.topic());
            }
            frames[i] = Frames.msg(topic, m.id(), publishedAt, wire);
        }
        return frames;
    }

    @Override
    public byte[] live(Session session, Message message, Object batch, int index) {
        return ((byte[][]) batch)[index];
    }

    @Override
    public byte[] replayed(Session session, Message message, boolean retained) {
        return Frames.msg(message);
    }

    @Override
    public byte[] takenOver(String clientId) {
        return Frames.err(ErrorCode.SESSION_TAKEN_OVER, "session " + clientId + " was taken over by another connection");
    }

    @Override
    public byte[] slowConsumer(String why) {
        return Frames.err(ErrorCode.SLOW_CONSUMER, why);
    }
}
