package dev.herald.broker.server;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.api.wire.FrameReader;
import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.ServerFrame;
import dev.herald.broker.api.wire.Verb;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sends generated batches of frames to a live server, cut into pieces of any size down to
 * single bytes, and checks every line that comes back: it parses with the client-side codec,
 * and it is the reply the protocol page's order of checks gives for its frame (computed here
 * with the client-side codec and the connection's session state). Messages may come between
 * replies; the n announced by a {@code SUB_ACK} or {@code CONN_ACK} come directly after it.
 * After {@code DISC_ACK} or an error that closes, nothing more comes and the connection ends;
 * the client then starts a new one, and pings the side client.
 */
final class FuzzClient {

    /** What one client sent and got back. */
    record Stats(int frames, int connections, Map<ErrorCode, Integer> errors, List<Message> messages) {
    }

    /** A reply the protocol gives to a frame: an error of exactly this code, or an answer to the request. */
    private record Expected(ErrorCode error, Request request) {
    }

    private static final Set<ErrorCode> TOPIC_ERRORS =
            Set.of(ErrorCode.UNKNOWN_TOPIC, ErrorCode.MALFORMED, ErrorCode.NOT_AUTHORIZED);

    private final int port;
    private final FuzzFrames gen;
    private final SideClient side;
    private final Map<Long, String> published;
    private final String seed;
    private final Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
    private final List<Message> messages = new ArrayList<>();
    private int frames;
    /** The last lines the connection received, for failure messages. */
    private final ArrayDeque<String> recent = new ArrayDeque<>();

    /**
     * @param published where the payload of each acknowledged publish is put, by message id
     * @param seed      how to replay a failure, named in its message
     */
    FuzzClient(int port, FuzzFrames gen, SideClient side, Map<Long, String> published, String seed) {
        this.port = port;
        this.gen = gen;
        this.side = side;
        this.published = published;
        this.seed = seed;
    }

    /** Sends at least {@code count} frames, over as many connections as it takes. */
    Stats run(int count) throws IOException {
        int connections = 0;
        while (frames < count) {
            connections++;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(LineClient.DEADLINE_MS);
                socket.setTcpNoDelay(true);
                converse(socket, count, connections);
            }
            side.ping();
        }
        return new Stats(frames, connections, errors, messages);
    }

    private void converse(Socket socket, int count, int connection) throws IOException {
        OutputStream out = socket.getOutputStream();
        FrameReader in = new FrameReader(socket.getInputStream(), Integer.MAX_VALUE);
        recent.clear();
        boolean session = false;
        boolean first = gen.random().nextInt(10) < 7;
        while (frames < count) {
            byte[] batch = gen.batch();
            if (first) {
                byte[] conn = gen.conn();
                byte[] both = new byte[conn.length + batch.length];
                System.arraycopy(conn, 0, both, 0, conn.length);
                System.arraycopy(batch, 0, both, conn.length, batch.length);
                batch = both;
                first = false;
            }
            write(out, batch);
            int start = 0;
            for (int lf = indexOf(batch, start); lf >= 0; lf = indexOf(batch, start)) {
                frames++;
                byte[] frame = Arrays.copyOfRange(batch, start, lf);
                start = lf + 1;
                String where = seed + ", connection " + connection + ", frame " + frames + ": "
                        + new String(frame, StandardCharsets.UTF_8).replace("\r", "<CR>");
                ServerFrame reply = nextReply(in, where);
                if (reply instanceof ServerFrame.Err err && err.code() == ErrorCode.SESSION_TAKEN_OVER) {
                    count(err.code());
                    expectEnd(in, where); // another connection (a mutated id) took the session
                    return;
                }
                session = check(expect(frame, session), reply, in, where) || session;
                if (reply instanceof ServerFrame.DiscAck
                        || reply instanceof ServerFrame.Err err && err.code().closesConnection()) {
                    expectEnd(in, where);
                    return;
                }
            }
        }
    }

    /**
     * Checks a reply against what was expected, reads the messages it announces, and
     * records publishes; returns whether the connection has a session now.
     */
    private boolean check(Expected expected, ServerFrame reply, FrameReader in, String where) throws IOException {
        String got = " (got " + reply.toFrame() + ")";
        if (reply instanceof ServerFrame.Err err) {
            count(err.code());
            if (expected.error() != null) {
                assertEquals(expected.error(), err.code(), where);
            } else {
                assertTrue(expected.request() instanceof Request.Pub || expected.request() instanceof Request.Sub
                        || expected.request() instanceof Request.Unsub, where + got);
                assertTrue(TOPIC_ERRORS.contains(err.code()), where + got);
            }
            assertTrue(!err.text().isEmpty(), where + ": an ERR without text");
            return false;
        }
        assertNull(expected.error(), where + got);
        switch (expected.request()) {
            case Request.Pub pub -> {
                ServerFrame.PubAck ack = assertInstance(ServerFrame.PubAck.class, reply, where);
                assertEquals(pub.topic(), ack.topic(), where);
                assertNull(published.putIfAbsent(ack.messageId(), pub.payload()), where + ": an id given twice");
            }
            case Request.Sub sub -> {
                ServerFrame.SubAck ack = assertInstance(ServerFrame.SubAck.class, reply, where);
                assertEquals(sub.topic(), ack.topic(), where);
                readAnnounced(ack.history(), in, where);
            }
            case Request.Unsub unsub -> assertEquals(new ServerFrame.UnsubAck(unsub.topic()), reply, where);
            case Request.Conn conn -> assertEquals(ServerFrame.ConnAck.NEW, reply, where);
            case Request.Recon recon -> readAnnounced(assertInstance(ServerFrame.ConnAck.class, reply, where).queued(), in, where);
            case Request.Ping ping -> assertEquals(new ServerFrame.Pong(), reply, where);
            case Request.Disc disc -> assertEquals(new ServerFrame.DiscAck(), reply, where);
        }
        return reply instanceof ServerFrame.ConnAck;
    }

    /**
     * The reply the protocol page's order of checks gives to a frame (its bytes, LF left out)
     * on a connection with or without a session.
     */
    private Expected expect(byte[] frame, boolean session) {
        if (frame.length + 1 > gen.maxFrame()) {
            return new Expected(ErrorCode.FRAME_TOO_LARGE, null);
        }
        int length = frame.length > 0 && frame[frame.length - 1] == '\r' ? frame.length - 1 : frame.length;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(frame, 0, length)).toString();
            Verb verb = Verb.of(text);
            if (!session && !verb.allowedWithoutSession()) {
                return new Expected(ErrorCode.NOT_CONNECTED, null);
            }
            if (session && (verb == Verb.CONN || verb == Verb.RECON)) {
                return new Expected(ErrorCode.ALREADY_CONNECTED, null);
            }
            return new Expected(null, verb.parse(text));
        } catch (CharacterCodingException e) {
            return new Expected(ErrorCode.MALFORMED, null);
        } catch (ProtocolException e) {
            return new Expected(e.code(), null);
        }
    }

    /** The next reply, keeping the messages that come before it. */
    private ServerFrame nextReply(FrameReader in, String where) throws IOException {
        while (true) {
            ServerFrame frame = next(in, where);
            if (frame == null) {
                fail(where + ": the connection ended instead of a reply");
            }
            if (!(frame instanceof ServerFrame.Msg msg)) {
                return frame;
            }
            messages.add(msg.message());
        }
    }

    private void readAnnounced(int n, FrameReader in, String where) throws IOException {
        for (int i = 0; i < n; i++) {
            ServerFrame frame = next(in, where);
            messages.add(assertInstance(ServerFrame.Msg.class, frame, where + ", announced message " + (i + 1) + " of " + n).message());
        }
    }

    private void expectEnd(FrameReader in, String where) throws IOException {
        ServerFrame more = next(in, where);
        assertNull(more, () -> where + ": the server sent " + more.toFrame() + " after its last frame");
    }

    /** The next line, parsed; null at the end of the stream, a reset included. */
    private ServerFrame next(FrameReader in, String where) throws IOException {
        String line;
        try {
            line = in.next();
        } catch (SocketException e) {
            return null;
        } catch (ProtocolException e) {
            throw new AssertionError(where + ": the server sent invalid UTF-8", e);
        }
        if (line == null) {
            return null;
        }
        recent.add(line);
        if (recent.size() > 12) {
            recent.poll();
        }
        try {
            return ServerFrame.parse(line);
        } catch (ProtocolException e) {
            throw new AssertionError(where + ": the server sent a line that is no frame: " + line, e);
        }
    }

    /** Writes the batch whole, in random pieces, or a byte at a time; a server that closed ends the writing. */
    private void write(OutputStream out, byte[] batch) {
        int mode = gen.random().nextInt(20);
        int most = mode == 0 ? 1 : mode < 10 ? 1 + gen.random().nextInt(64) : batch.length;
        try {
            for (int at = 0; at < batch.length; ) {
                int n = Math.min(batch.length - at, 1 + gen.random().nextInt(most));
                out.write(batch, at, n);
                out.flush();
                at += n;
            }
        } catch (IOException e) {
            // the server ended the connection (DISC, a frame too large): the replies say whether it should have
        }
    }

    private void count(ErrorCode code) {
        errors.merge(code, 1, Integer::sum);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private <T> T assertInstance(Class<T> type, ServerFrame frame, String where) {
        if (!type.isInstance(frame)) {
            fail(where + ": expected " + type.getSimpleName() + " but got " + (frame == null ? "the end of the stream" : frame.toFrame()) + "; the last lines received: " + recent);
        }
        return type.cast(frame);
    }
}
