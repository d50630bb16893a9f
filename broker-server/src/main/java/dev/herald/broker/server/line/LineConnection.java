package dev.herald.broker.server.line;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.wire.FrameReader;
import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.Verb;
import dev.herald.broker.server.internal.Broker;
import dev.herald.broker.server.internal.Incidents;
import dev.herald.broker.server.internal.Link;
import dev.herald.broker.server.internal.Session;
import dev.herald.broker.server.internal.Topic;
import dev.herald.broker.server.internal.Users;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;

/**
 * The line protocol's reader of one connection: reads its frames, checks them in the order
 * the protocol page gives (verb, session state, arguments, topic, permission), and hands
 * them to the {@link Broker} through the connection's {@link Link}.
 */
final class LineConnection {

    private static final System.Logger LOG = System.getLogger(LineConnection.class.getName());
    /** What a publish counts against the unstored bytes besides its payload: its frame's header. */
    private static final int PUBLISH_OVERHEAD = 32;
    private static final Link.Ack PUB_ACK = (topic, stored) -> stored != null
            ? Frames.pubAck(topic.nameBytes(), stored.id())
            : Frames.err(ErrorCode.STORE_UNAVAILABLE, "the store failed; the message was not stored");

    private final Link link;
    private final Broker broker;

    LineConnection(Link link) {
        this.link = link;
        this.broker = link.broker();
    }

    /** The read loop; returns when the connection is done. */
    void run(InputStream in, int maxFrame) {
        FrameReader reader = new FrameReader(in, maxFrame);
        try {
            while (!link.isClosed() && !link.closing()) {
                String frame;
                try {
                    frame = reader.next();
                } catch (ProtocolException e) {
                    link.touch();
                    if (e.code() == ErrorCode.FRAME_TOO_LARGE) {
                        LOG.log(DEBUG, () -> link.describe() + ": " + e.getMessage() + ", closing");
                        link.lastFrame(Frames.err(e.code(), e.getMessage()));
                        break;
                    }
                    link.reply(Frames.err(e.code(), e.getMessage()));
                    if (!reader.hasFrame()) {
                        link.drainPublished();
                    }
                    continue;
                }
                if (frame == null) {
                    break;
                }
                link.touch();
                link.awaitOwnRoom();
                handle(frame);
                if (!reader.hasFrame()) {
                    link.drainPublished();
                }
            }
        } catch (IOException e) {
            link.readFailed(true);
            LOG.log(DEBUG, () -> link.describe() + " read failed: " + e.getMessage());
        } finally {
            link.ended();
        }
    }

    private void handle(String frame) {
        try {
            Verb verb = Verb.of(frame);
            Session session = link.session();
            if (session == null && !verb.allowedWithoutSession()) {
                throw new ProtocolException(ErrorCode.NOT_CONNECTED, "send CONN <client-id> or RECON <client-id> first");
            }
            if ((verb == Verb.CONN || verb == Verb.RECON) && session != null) {
                throw new ProtocolException(ErrorCode.ALREADY_CONNECTED,
                        "this connection already has the session " + session.clientId());
            }
            Request request = verb.parse(frame);
            switch (request) {
                case Request.Pub pub -> {
                    Topic topic = broker.checkTopic(pub.topic(), link.user());
                    link.publish(topic, pub.payload().getBytes(StandardCharsets.UTF_8), pub.escapedPayload(),
                            1, false, PUBLISH_OVERHEAD, PUB_ACK);
                }
                case Request.Ping ping -> link.reply(Frames.PONG);
                case Request.Conn conn -> {
                    link.awaitPendingReplies();
                    authenticate(conn.credentials());
                    link.loggedIn();
                    broker.connect(link, conn.clientId(), link.user(), Frames.CONN_ACK_NEW, false);
                }
                case Request.Recon recon -> {
                    link.awaitPendingReplies();
                    authenticate(recon.credentials());
                    link.loggedIn();
                    broker.resume(link, recon.clientId(), link.user(), n -> Frames.line("CONN_ACK RESUMED " + n),
                            Frames.CONN_ACK_NEW);
                }
                case Request.Sub sub -> {
                    var filter = broker.checkFilter(sub.topic(), link.user(), Users.Access.SUBSCRIBE);
                    link.awaitPendingReplies();
                    broker.subscribe(link, List.of(filter), new int[] {1}, false,
                            n -> Frames.line("SUB_ACK " + filter.text() + " " + n));
                }
                case Request.Unsub unsub -> {
                    var filter = broker.checkFilter(unsub.topic(), null, null);
                    link.awaitPendingReplies();
                    broker.unsubscribe(link, List.of(filter), Frames.line("UNSUB_ACK " + filter.text()));
                }
                case Request.Disc disc -> {
                    link.awaitPendingReplies();
                    broker.disconnect(link, Frames.DISC_ACK);
                }
            }
        } catch (ProtocolException e) {
            if (e.code().closesConnection()) {
                link.lastFrame(Frames.err(e.code(), e.getMessage()));
            } else {
                link.reply(Frames.err(e.code(), e.getMessage()));
            }
        } catch (StoreException e) {
            String incident = Incidents.next();
            LOG.log(ERROR, "incident " + incident + ": the store failed on " + link.describe() + ": " + e.getMessage(), e);
            link.reply(Frames.err(ErrorCode.STORE_UNAVAILABLE, "the store failed (incident " + incident
                    + " in the server's log); nothing was changed"));
        } catch (RuntimeException e) {
            String incident = Incidents.next();
            LOG.log(ERROR, "incident " + incident + ": unexpected failure handling a frame of " + link.describe(), e);
            link.reply(Frames.err(ErrorCode.INTERNAL, "internal error (incident " + incident + " in the server's log)"));
        }
    }

    private void authenticate(Request.Credentials credentials) throws ProtocolException {
        link.user(credentials == null
                ? broker.authenticate(null, null, link)
                : broker.authenticate(credentials.user(), credentials.password(), link));
    }
}
