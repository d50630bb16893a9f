package dev.herald.broker.server.line;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.server.internal.Link;
import dev.herald.broker.server.internal.Protocol;
import dev.herald.broker.server.internal.Wire;

import java.io.InputStream;

/**
 * Herald's line protocol ({@code docs/protocol.md}) on the engine: the {@code herald://} and
 * {@code heralds://} listeners. Each connection is read by a {@link LineConnection}; every
 * connection shares one {@link LineWire}, since a {@code MSG} frame is the same bytes for
 * every subscriber.
 */
public final class LineProtocol implements Protocol {

    private final int maxFrame;

    /** The line protocol, with frames of at most {@code maxFrame} bytes. */
    public LineProtocol(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    @Override
    public Wire newWire() {
        return LineWire.INSTANCE;
    }

    @Override
    public void serve(Link link, InputStream in) {
        new LineConnection(link).run(in, maxFrame);
    }

    @Override
    public byte[] refusal(String why) {
        return Frames.err(ErrorCode.SERVER_BUSY, why);
    }
}
