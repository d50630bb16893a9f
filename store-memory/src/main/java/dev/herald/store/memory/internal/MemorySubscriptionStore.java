package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.SessionRecord;
import dev.herald.broker.api.spi.SubscriptionStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions and subscriptions in memory. Calls about a client id with no stored session
 * change nothing.
 */
final class MemorySubscriptionStore implements SubscriptionStore {

    private final SessionTable sessions;
    private final OpenFlag open;

    MemorySubscriptionStore(SessionTable sessions, OpenFlag open) {
        this.sessions = sessions;
        this.open = open;
    }

    @Override
    public Optional<SessionRecord> find(String clientId) {
        open.check();
        Session session = sessions.get(clientId);
        return session == null ? Optional.empty() : Optional.of(session.record(clientId));
    }

    @Override
    public List<SessionRecord> all() {
        open.check();
        List<SessionRecord> all = new ArrayList<>();
        for (Map.Entry<String, Session> entry : sessions.entries()) {
            all.add(entry.getValue().record(entry.getKey()));
        }
        return all;
    }

    @Override
    public void create(String clientId, String owner) {
        open.check();
        sessions.create(clientId, owner);
    }

    @Override
    public void delete(String clientId) {
        open.check();
        sessions.delete(clientId);
    }

    @Override
    public void subscribe(String clientId, String filter, int qos) {
        Objects.requireNonNull(filter, "filter");
        Message.checkQos(qos);
        open.check();
        Session session = sessions.get(clientId);
        if (session != null) {
            session.subscribe(filter, qos);
        }
    }

    @Override
    public void unsubscribe(String clientId, String topic) {
        open.check();
        Session session = sessions.get(clientId);
        if (session != null) {
            session.unsubscribe(topic);
        }
    }

    @Override
    public void markOnline(String clientId) {
        open.check();
        Session session = sessions.get(clientId);
        if (session != null) {
            session.markOnline();
        }
    }

    @Override
    public void markOffline(String clientId, long at) {
        open.check();
        Session session = sessions.get(clientId);
        if (session != null) {
            session.markOffline(at);
        }
    }

    /** The longest-offline sessions first. */
    @Override
    public List<String> expired(long offlineBefore, int limit) {
        open.check();
        record Offline(String clientId, long since) {
        }
        List<Offline> found = new ArrayList<>();
        for (Map.Entry<String, Session> entry : sessions.entries()) {
            long since = entry.getValue().offlineSince();
            if (since >= 0 && since < offlineBefore) {
                found.add(new Offline(entry.getKey(), since));
            }
        }
        return found.stream()
                .sorted(Comparator.comparingLong(Offline::since).thenComparing(Offline::clientId))
                .limit(Math.max(0, limit))
                .map(Offline::clientId)
                .toList();
    }
}
