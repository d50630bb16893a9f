package dev.herald.broker.server.internal;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.server.admin.BrokerAdmin;
import dev.herald.broker.server.admin.ConnectionInfo;
import dev.herald.broker.server.admin.Overview;
import dev.herald.broker.server.admin.SessionInfo;
import dev.herald.broker.server.admin.TopicInfo;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The engine seen through {@link BrokerAdmin}: snapshots of its state, and the operators' actions. */
public final class Admin implements BrokerAdmin {

    private final Broker broker;
    private final Figures figures;
    private final String version;
    private final long startedAt;

    public Admin(Broker broker, String version) {
        this.broker = broker;
        this.figures = broker.figures();
        this.version = version;
        this.startedAt = broker.now();
    }

    @Override
    public Overview overview() {
        return new Overview(version, (broker.now() - startedAt) / 1000, broker.connectionCount(),
                figures.sessionCount(true), figures.sessionCount(false), figures.subscriptionCount(),
                figures.messagesPublished(), figures.messagesSent(), broker.stats.bytesIn.sum(), figures.bytesSent(),
                figures.queueDepths().total());
    }

    @Override
    public List<SessionInfo> sessions() {
        Map<String, Integer> depths = figures.queueDepths().get();
        return figures.sessions().stream().map(s -> info(s, depths))
                .sorted(Comparator.comparing(SessionInfo::clientId)).toList();
    }

    @Override
    public Optional<SessionInfo> session(String clientId) {
        Map<String, Integer> depths = figures.queueDepths().get();
        return figures.sessions().stream().filter(s -> s.clientId.equals(clientId)).findFirst()
                .map(s -> info(s, depths));
    }

    private static SessionInfo info(Session s, Map<String, Integer> depths) {
        Link c = s.connection;
        long offlineSince = s.offlineSince;
        return new SessionInfo(s.clientId, c != null, c != null || offlineSince < 0 ? null : offlineSince,
                List.copyOf(s.filters.keySet()), depths.getOrDefault(s.clientId, 0), c == null ? null : c.id);
    }

    @Override
    public List<TopicInfo> topics() {
        return figures.topics().stream()
                .map(t -> new TopicInfo(t.name, t.subscriberCount(), figures.retained(t.name).size(),
                        t.published, t.delivered, t.queuedOffline))
                .sorted(Comparator.comparing(TopicInfo::name)).toList();
    }

    @Override
    public List<ConnectionInfo> connections() {
        return broker.connections().stream()
                .map(c -> {
                    Session s = c.session;
                    return new ConnectionInfo(c.id, String.valueOf(c.connection.remoteAddress()),
                            s == null ? null : s.clientId, c.user());
                })
                .sorted(Comparator.comparingLong(ConnectionInfo::id)).toList();
    }

    @Override
    public boolean disconnect(String clientId) {
        return broker.disconnectSession(clientId);
    }

    @Override
    public Deletion deleteSession(String clientId) {
        return switch (broker.deleteSession(clientId)) {
            case DELETED -> Deletion.DELETED;
            case NOT_FOUND -> Deletion.NOT_FOUND;
            case ONLINE -> Deletion.ONLINE;
        };
    }

    @Override
    public CompletableFuture<Message> publish(String topic, String payload) {
        if (topic.startsWith("$")) {
            return CompletableFuture.failedFuture(new ProtocolException(ErrorCode.NOT_AUTHORIZED,
                    "the server's own topics are read only: " + topic));
        }
        return broker.publish(topic, payload);
    }

    @Override
    public List<Message> retainedAfter(String topic, long afterId) {
        return figures.retained(topic).stream().filter(m -> m.id() > afterId).toList();
    }

    @Override
    public boolean ready() {
        return figures.storeReady();
    }

    @Override
    public boolean requiresAuthentication() {
        return broker.authenticates();
    }

    @Override
    public boolean isAdmin(String user, String password) {
        return broker.admin(user, password);
    }
}
