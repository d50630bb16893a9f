package dev.herald.broker.client.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.api.wire.FrameReader;
import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.broker.client.ConnectionException;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.ServerErrorException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * One TCP (or TLS) connection to a broker: sends requests, and on a virtual reader thread of its own
 * matches every reply to the oldest waiting request (the server answers in request order),
 * hands {@code MSG} frames to its owner, and makes sure that the {@code n} messages a
 * {@code SUB_ACK} or {@code CONN_ACK} announces are delivered before that request completes.
 * When the connection ends, for any reason, every request still waiting fails at once.
 */
public final class ServerLink {

    /** Hears what the connection receives. Called on the reader thread: must not block. */
    public interface Owner {
        /** A {@code MSG} frame, in the order received. */
        void message(Message message);

        /**
         * The connection ended; every waiting request has failed.
         *
         * @param requested whether this side asked for the end ({@code DISC} or {@link #close()})
         */
        void ended(ServerLink link, HeraldException cause, boolean requested);
    }

    private static final System.Logger LOG = System.getLogger(ServerLink.class.getName());
    /** Frames the server sends may be longer than those it accepts: a MSG adds its header. */
    private static final int MAX_INCOMING_FRAME = 64 * 1024 * 1024;

    private final Socket socket;
    private final String peer;
    private final FrameWriter writer;
    private final Dispatcher dispatcher;
    private final Owner owner;
    private final ConcurrentLinkedQueue<PendingReply<?>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    /** Set under the writer's lock once DISC is sent or close() is called: nothing more is sent. */
    private volatile boolean closing;
    private volatile HeraldException abortCause;
    private volatile HeraldException endCause;
    private volatile boolean open = true;

    // Reader thread only: a reply whose announced MSG frames are still coming.
    private PendingReply<?> announcing;
    private ServerFrame announcingReply;
    private int announcedLeft;

    private ServerLink(Socket socket, String peer, String name, Dispatcher dispatcher, Owner owner) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.dispatcher = dispatcher;
        this.owner = owner;
        this.writer = new FrameWriter(socket.getOutputStream(), name + "-writer",
                e -> abort(new ConnectionException("could not write to " + peer + ": " + e.getMessage(), e)));
        Thread.ofVirtual().name(name + "-reader").start(this::readLoop);
    }

    /**
     * Opens a connection, over TLS when {@code tls} is given, and starts reading.
     *
     * @param tls            the TLS context, or null for plain TCP
     * @param verifyHostname with TLS, whether the server's certificate must name {@code host}
     * @param name           prefix of the connection's thread names
     * @throws ConnectionException when the connection (or its TLS handshake) cannot be made in time
     */
    public static ServerLink open(String host, int port, Duration connectTimeout, SSLContext tls, boolean verifyHostname,
                                  String name, Dispatcher dispatcher, Owner owner) {
        String peer = host + ":" + port;
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setTcpNoDelay(true);
            if (tls != null) {
                socket = handshake(socket, host, port, tls, verifyHostname, timeoutMs);
            }
            ServerLink link = new ServerLink(socket, peer, name, dispatcher, owner);
            LOG.log(DEBUG, () -> name + " connected to " + peer);
            return link;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ConnectionException("could not connect to " + peer + " within " + connectTimeout.toMillis() + " ms", e);
        } catch (SSLException e) {
            closeQuietly(socket);
            throw new ConnectionException("the TLS handshake with " + peer + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ConnectionException("could not connect to " + peer + ": " + e.getMessage(), e);
        }
    }

    /** Runs the TLS handshake over a connected socket, within the connect timeout; returns the TLS socket. */
    private static SSLSocket handshake(Socket plain, String host, int port, SSLContext tls, boolean verifyHostname,
                                       int timeoutMs) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        try {
            SSLParameters parameters = ssl.getSSLParameters();
            if (verifyHostname) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(timeoutMs);
            ssl.startHandshake();
            ssl.setSoTimeout(0);
            return ssl;
        } catch (IOException e) {
            closeQuietly(ssl);
            throw e;
        }
    }

    /** The encoded frame of a request, LF included. */
    public static byte[] encode(Request request) {
        return (request.toFrame() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends a request whose reply {@code reply} waits for.
     *
     * @param last whether nothing may be sent after it ({@code DISC})
     * @return false when the connection is closing or closed and nothing was sent; otherwise
     *         the reply (or the connection's end) completes {@code reply}
     */
    public boolean send(PendingReply<?> reply, byte[] frame, boolean last) {
        try {
            return writer.write(frame, () -> {
                if (closing) {
                    return false;
                }
                waiting.add(reply);
                if (last) {
                    closing = true;
                }
                return true;
            });
        } catch (IOException e) {
            abort(new ConnectionException("could not write to " + peer + ": " + e.getMessage(), e));
            return true;
        }
    }

    /** Whether the connection is still usable: not ended, not closing. */
    public boolean isOpen() {
        return open && !closing;
    }

    /** Why the connection ended, or null while it has not. */
    public HeraldException endCause() {
        return endCause;
    }

    /** {@link System#nanoTime()} of the last frame sent. */
    public long lastWriteNanos() {
        return writer.lastWriteNanos();
    }

    /** The server's address, host:port. */
    public String peer() {
        return peer;
    }

    /** Closes the connection at this side's request; waiting requests fail. */
    public void close() {
        closing = true;
        closeSocket();
    }

    /** Closes the connection because it is broken; the owner hears {@code cause}. */
    public void abort(HeraldException cause) {
        if (abortCause == null) {
            abortCause = cause;
        }
        closeSocket();
    }

    private void readLoop() {
        HeraldException cause;
        try {
            FrameReader reader = new FrameReader(socket.getInputStream(), MAX_INCOMING_FRAME);
            cause = null;
            String line;
            while (cause == null && (line = reader.next()) != null) {
                cause = handle(ServerFrame.parse(line));
            }
            if (cause == null) {
                cause = new ConnectionException("the server at " + peer + " closed the connection");
            }
        } catch (ProtocolException e) {
            cause = new ConnectionException("the server at " + peer + " broke the protocol: " + e.getMessage());
        } catch (HeraldException e) {
            cause = e;
        } catch (IOException e) {
            cause = new ConnectionException("the connection to " + peer + " was lost: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cause = new ConnectionException("unexpected failure reading from " + peer + ": " + e, e);
        }
        end(cause);
    }

    /** Handles one frame; returns why reading stops, or null to go on. */
    private HeraldException handle(ServerFrame frame) {
        if (frame instanceof ServerFrame.Msg msg) {
            owner.message(msg.message());
            if (announcedLeft > 0 && --announcedLeft == 0) {
                PendingReply<?> reply = announcing;
                ServerFrame ack = announcingReply;
                announcing = null;
                announcingReply = null;
                complete(reply, ack);
            }
            return null;
        }
        if (announcedLeft > 0) {
            return violation("expected " + announcedLeft + " more MSG frames after " + announcingReply.toFrame()
                    + " but got " + shown(frame));
        }
        if (frame instanceof ServerFrame.Err err && err.code().closesConnection()) {
            // Not necessarily a reply (SESSION_TAKEN_OVER comes unasked): every waiting request fails with it.
            return new ServerErrorException(err.code(), err.text());
        }
        PendingReply<?> reply = waiting.poll();
        if (reply == null) {
            return violation("a reply no request waits for: " + shown(frame));
        }
        if (frame instanceof ServerFrame.Err err) {
            reply.fail(new ServerErrorException(err.code(), err.text()));
            return null;
        }
        if (!reply.accepts(frame)) {
            HeraldException broken = violation("expected " + reply + " but got " + shown(frame));
            reply.fail(broken);
            return broken;
        }
        int announced = switch (frame) {
            case ServerFrame.SubAck ack -> ack.history();
            case ServerFrame.ConnAck ack -> ack.queued();
            default -> 0;
        };
        if (announced > 0 && reply.ordered()) {
            announcing = reply;
            announcingReply = frame;
            announcedLeft = announced;
        } else {
            complete(reply, frame);
        }
        if (frame instanceof ServerFrame.DiscAck) {
            // The server sends nothing after DISC_ACK and closes the connection.
            return new ConnectionException("disconnected from " + peer);
        }
        return null;
    }

    private void complete(PendingReply<?> reply, ServerFrame frame) {
        if (reply.ordered()) {
            dispatcher.execute(() -> reply.complete(frame));
        } else {
            reply.complete(frame);
        }
    }

    private void end(HeraldException readCause) {
        boolean requested = closing && abortCause == null;
        HeraldException cause = abortCause != null ? abortCause : readCause;
        endCause = cause;
        open = false;
        closeSocket();
        writer.close();
        HeraldException failure = requested && !(cause instanceof ServerErrorException)
                ? new ConnectionException("the connection to " + peer + " was closed before the reply came")
                : cause;
        if (announcing != null) {
            announcing.fail(failure);
            announcing = null;
        }
        PendingReply<?> reply;
        while ((reply = waiting.poll()) != null) {
            reply.fail(failure);
        }
        LOG.log(DEBUG, () -> "connection to " + peer + " ended: " + cause.getMessage());
        owner.ended(this, cause, requested);
    }

    private void closeSocket() {
        if (socketClosed.compareAndSet(false, true)) {
            closeQuietly(socket);
        }
    }

    private ConnectionException violation(String what) {
        return new ConnectionException("the server at " + peer + " broke the protocol: " + what);
    }

    private static String shown(ServerFrame frame) {
        String text = frame.toFrame();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(DEBUG, () -> "closing a socket failed: " + e.getMessage());
        }
    }
}
