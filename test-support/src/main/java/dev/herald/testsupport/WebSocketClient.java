package dev.herald.testsupport;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's WebSocket client ({@link java.net.http.WebSocket}), for tests of a WebSocket
 * server: what the server sends in binary frames is read as one byte stream, whatever the
 * frames; pongs and the server's close are kept apart. Every wait has a deadline of
 * {@link Await#DEFAULT_TIMEOUT}.
 */
public final class WebSocketClient implements AutoCloseable {

    private static final byte[] END = new byte[0];

    private final WebSocket socket;
    private final BlockingQueue<byte[]> binary;
    private final BlockingQueue<byte[]> pongs;
    private final CompletableFuture<Integer> closed;
    private byte[] chunk = new byte[0];
    private int pos;

    private WebSocketClient(WebSocket socket, Receiver receiver) {
        this.socket = socket;
        this.binary = receiver.binary;
        this.pongs = receiver.pongs;
        this.closed = receiver.closed;
    }

    /** The server answered the handshake with an HTTP status other than 101. */
    public static final class Refused extends IOException {
        private final int status;

        Refused(int status, Throwable cause) {
            super("the server answered the WebSocket handshake with HTTP " + status, cause);
            this.status = status;
        }

        /** The HTTP status of the server's answer. */
        public int status() {
            return status;
        }
    }

    /** What the JDK hands the client, one message at a time. */
    private static final class Receiver implements WebSocket.Listener {
        final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            return take(ws, data, binary);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            closed.completeExceptionally(new AssertionError("the server sent a text frame: " + data));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            return take(ws, message, pongs);
        }

        /** Keeps a copy of what came, and asks for the next message. */
        private static CompletionStage<?> take(WebSocket ws, ByteBuffer data, BlockingQueue<byte[]> into) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            into.add(bytes);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            binary.add(END);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
            binary.add(END);
        }
    }

    /**
     * Opens a WebSocket to {@code uri} ({@code ws://} or {@code wss://}), offering these subprotocols.
     *
     * @param tls the TLS context for {@code wss://}, or null for the JDK's default
     * @throws Refused when the server refuses the handshake
     */
    public static WebSocketClient connect(URI uri, SSLContext tls, String... subprotocols) throws Refused {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Await.DEFAULT_TIMEOUT);
        if (tls != null) {
            http.sslContext(tls);
        }
        WebSocket.Builder builder = http.build().newWebSocketBuilder().connectTimeout(Await.DEFAULT_TIMEOUT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        Receiver receiver = new Receiver();
        try {
            return new WebSocketClient(builder.buildAsync(uri, receiver).get(Await.DEFAULT_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS), receiver);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new Refused(refused.getResponse().statusCode(), refused);
            }
            throw new AssertionError("no WebSocket to " + uri, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no WebSocket to " + uri + " within " + Await.DEFAULT_TIMEOUT, e);
        }
    }

    /** The subprotocol the server chose; empty for none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends bytes in one binary frame. */
    public WebSocketClient send(byte[] bytes) {
        return send(bytes, true);
    }

    /** Sends bytes in one binary frame; {@code last} false leaves the message open, so that the next frame continues it. */
    public WebSocketClient send(byte[] bytes, boolean last) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), last));
        return this;
    }

    /** Sends text in one text frame. */
    public WebSocketClient sendText(String text) {
        await(socket.sendText(text, true));
        return this;
    }

    /** Sends a ping. */
    public WebSocketClient ping(byte[] payload) {
        await(socket.sendPing(ByteBuffer.wrap(payload)));
        return this;
    }

    /** The payload of the next pong. */
    public byte[] nextPong() {
        return poll(pongs, "a pong");
    }

    /** The next {@code n} bytes the server sent in binary frames, across frames. */
    public byte[] read(int n) {
        ByteArrayOutputStream got = new ByteArrayOutputStream(n);
        while (got.size() < n) {
            if (pos == chunk.length) {
                chunk = poll(binary, n + " bytes (" + got.size() + " came)");
                pos = 0;
                if (chunk == END) {
                    binary.add(END);
                    throw new AssertionError("the server closed the WebSocket after " + got.size() + " of " + n + " bytes");
                }
            }
            int take = Math.min(n - got.size(), chunk.length - pos);
            got.write(chunk, pos, take);
            pos += take;
        }
        return got.toByteArray();
    }

    /** The status of the server's close frame, once it came. */
    public int awaitClose() {
        try {
            return closed.get(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the WebSocket failed instead of closing", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the server did not close the WebSocket within " + Await.DEFAULT_TIMEOUT, e);
        }
    }

    /** Whether the server's close frame came, or the connection failed. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Sends a close frame (1000) and waits for the server's. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | InterruptedException | TimeoutException e) {
                socket.abort();
                return;
            }
        }
        try {
            closed.get(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            // the server closed the transport without a close frame: the end all the same
        } finally {
            socket.abort();
        }
    }

    private static byte[] poll(BlockingQueue<byte[]> queue, String what) {
        try {
            byte[] next = queue.poll(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " from the server within " + Await.DEFAULT_TIMEOUT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static void await(CompletableFuture<WebSocket> sent) {
        try {
            sent.get(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            throw new UncheckedIOException(cause instanceof IOException io ? io : new IOException(cause));
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("could not send within " + Await.DEFAULT_TIMEOUT, e);
        }
    }
}
