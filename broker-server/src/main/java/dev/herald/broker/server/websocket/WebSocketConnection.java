package dev.herald.broker.server.websocket;

import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.server.internal.FilterConnection;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection past its WebSocket handshake: its streams carry the protocol's bytes in
 * frames. Closing it sends a close frame (1000) first when no data frame is being written,
 * on a thread of its own, so that the caller is never held up by a client that reads
 * nothing; the transport closes once the frame is out, or after {@link #CLOSE_FRAME_WAIT}.
 */
final class WebSocketConnection extends FilterConnection {

    /** How long a close frame may take to go out before the transport is closed anyway. */
    static final Duration CLOSE_FRAME_WAIT = Duration.ofSeconds(1);

    private final WebSocketOutputStream frames;
    private final AtomicBoolean closing = new AtomicBoolean();

    WebSocketConnection(Connection transport, WebSocketInputStream in, WebSocketOutputStream out) {
        super(transport, in, out);
        this.frames = out;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("herald-websocket-close").start(() -> {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    frames.closeIfIdle(Rfc6455.NORMAL);
                } catch (IOException e) {
                    // the transport is gone: there is no one to tell
                }
            });
            try {
                writer.join(CLOSE_FRAME_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                transport().close();
            }
        });
    }
}
