package dev.herald.broker.server.websocket;

import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.server.internal.Link;
import dev.herald.broker.server.internal.Protocol;
import dev.herald.broker.server.internal.Wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * A protocol carried in WebSocket frames: the {@code ws://} and {@code wss://} listeners.
 * On a connection's own thread, {@link #open} reads the client's opening handshake and
 * answers it ({@link Handshake}); past it, the carried protocol serves the connection
 * through streams that read and write frames ({@link WebSocketInputStream},
 * {@link WebSocketOutputStream}), so that it sees the bytes it sees over TCP. The handshake
 * counts against {@code broker.connect-timeout}, as a TLS handshake does: a client that has
 * not logged in by then is closed, handshake done or not.
 */
public final class WebSocketProtocol implements Protocol {

    private static final System.Logger LOG = System.getLogger(WebSocketProtocol.class.getName());

    private final Protocol carried;
    private final String subprotocol;
    private final String path;
    private final int maxFrame;
    private final Handshake handshake;

    /**
     * @param carried     the protocol in the frames
     * @param subprotocol its WebSocket subprotocol name, e.g. {@code mqtt}
     * @param path        the path the listener serves, e.g. {@code /mqtt}
     * @param maxFrame    the largest frame payload taken ({@code broker.max-frame}); a larger frame is closed with 1009
     */
    public WebSocketProtocol(Protocol carried, String subprotocol, String path, int maxFrame) {
        this.carried = carried;
        this.subprotocol = subprotocol;
        this.path = path;
        this.maxFrame = maxFrame;
        this.handshake = new Handshake(path, subprotocol);
    }

    /** The same carried protocol on a listener of another path. */
    public WebSocketProtocol at(String path) {
        return new WebSocketProtocol(carried, subprotocol, path, maxFrame);
    }

    /** The carried protocol's subprotocol name. */
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public Connection open(Connection connection) throws IOException {
        WebSocketOutputStream out = new WebSocketOutputStream(connection.output());
        WebSocketInputStream in = new WebSocketInputStream(connection.input(), out, maxFrame);
        Handshake.Answer answer;
        try {
            String head = in.readHead(Handshake.MAX_HEAD);
            if (head == null) {
                LOG.log(DEBUG, () -> connection.remoteAddress() + " closed before its WebSocket handshake");
                return null;
            }
            answer = handshake.answer(head);
        } catch (WebSocketInputStream.HeadTooLarge e) {
            answer = Handshake.tooLarge();
        }
        OutputStream raw = connection.output();
        raw.write(answer.bytes());
        raw.flush();
        if (!answer.accepted()) {
            Handshake.Answer refused = answer;
            LOG.log(DEBUG, () -> "refused the WebSocket handshake of " + connection.remoteAddress() + " with "
                    + refused.status() + ": " + refused.why());
            return null;
        }
        return carried.open(new WebSocketConnection(connection, in, out));
    }

    @Override
    public Wire newWire() {
        return carried.newWire();
    }

    @Override
    public void serve(Link link, InputStream in) throws IOException {
        carried.serve(link, in);
    }

    /** An HTTP 503 that says why: the client has not had its handshake answered yet. */
    @Override
    public byte[] refusal(String why) {
        return Handshake.refuse(503, why).bytes();
    }
}
