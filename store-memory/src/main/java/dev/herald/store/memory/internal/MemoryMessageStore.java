package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Retained histories, retained messages and offline queues in memory.
 *
 * <p>There is no store-wide lock: ids come from one atomic counter, each topic's history has
 * its own lock (ids are taken under it, so a topic's ids increase along its history even if
 * two appends to it raced), and each session's queue has its own. A run of publications to
 * one topic takes its ids with one atomic step and the topic's lock once. A topic's retained
 * message is set and cleared under the same lock, so the one with the larger id wins.
 */
final class MemoryMessageStore implements MessageStore {

    private final AtomicLong lastId = new AtomicLong();
    private final ConcurrentHashMap<String, TopicHistory> histories = new ConcurrentHashMap<>();
    /** Each topic's retained message; a topic has one here only if it has a history entry too. */
    private final ConcurrentHashMap<String, Message> retained = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final SessionTable sessions;
    private final OpenFlag open;
    private final int retainedMax;

    MemoryMessageStore(SessionTable sessions, OpenFlag open, int retainedMax) {
        this.sessions = sessions;
        this.open = open;
        this.retainedMax = retainedMax;
    }

    @Override
    public List<Message> append(List<Publication> batch) {
        open.check();
        int count = batch.size();
        Message[] stored = new Message[count];
        int runStart = 0;
        while (runStart < count) {
            String topic = batch.get(runStart).topic();
            int runEnd = runStart + 1;
            while (runEnd < count && batch.get(runEnd).topic().equals(topic)) {
                runEnd++;
            }
            store(topic, batch, stored, runStart, runEnd);
            runStart = runEnd;
        }
        queueForOfflineSubscribers(batch, stored);
        return Collections.unmodifiableList(Arrays.asList(stored));
    }

    /**
     * Stores publications {@code [from, to)}, all to {@code topic}, into {@code stored} and the
     * history, and sets or clears the topic's retained message as they say, the last one winning.
     */
    private void store(String topic, List<Publication> batch, Message[] stored, int from, int to) {
        TopicHistory history = historyOf(topic);
        history.lock.lock();
        try {
            long id = lastId.getAndAdd(to - from);
            for (int i = from; i < to; i++) {
                Publication publication = batch.get(i);
                Message message = Message.wrapping(++id, topic, publication.publishedAt(), publication.payload(),
                        publication.qos(), publication.properties(), publication.expiresAt());
                stored[i] = message;
                history.add(message);
                if (publication.retain()) {
                    if (message.payloadSize() == 0) {
                        retained.remove(topic);
                    } else {
                        retained.put(topic, message);
                    }
                }
            }
        } finally {
            history.lock.unlock();
        }
    }

    /** Queues each message for its offline subscribers, taking each session's lock once per run of equal lists. */
    private void queueForOfflineSubscribers(List<Publication> batch, Message[] stored) {
        int count = batch.size();
        int runStart = 0;
        while (runStart < count) {
            List<String> subscribers = batch.get(runStart).offlineSubscribers();
            int runEnd = runStart + 1;
            while (runEnd < count && sameList(batch.get(runEnd).offlineSubscribers(), subscribers)) {
                runEnd++;
            }
            for (String clientId : subscribers) {
                Session session = sessions.get(clientId);
                if (session != null) { // a session deleted meanwhile has no queue to fill
                    countDropped(session.queue(stored, runStart, runEnd));
                }
            }
            runStart = runEnd;
        }
    }

    private static boolean sameList(List<String> a, List<String> b) {
        return a == b || (a.size() == b.size() && a.equals(b));
    }

    @Override
    public List<Message> history(String topic) {
        open.check();
        TopicHistory history = histories.get(topic);
        return history == null ? List.of() : history.snapshot();
    }

    @Override
    public List<Message> retained(TopicFilter filter) {
        open.check();
        if (!filter.isWildcard()) {
            Message message = retained.get(filter.text());
            return message == null ? List.of() : List.of(message);
        }
        List<Message> matching = new ArrayList<>();
        for (Map.Entry<String, Message> entry : retained.entrySet()) {
            if (filter.matches(entry.getKey())) {
                matching.add(entry.getValue());
            }
        }
        matching.sort(Comparator.comparingLong(Message::id));
        return Collections.unmodifiableList(matching);
    }

    /** Every topic appended to, since each gets a history entry (those with a retained message included). */
    @Override
    public List<String> topics() {
        open.check();
        return List.copyOf(histories.keySet());
    }

    @Override
    public void enqueue(String clientId, List<Message> messages) {
        open.check();
        Session session = sessions.get(clientId);
        if (session != null) {
            countDropped(session.enqueue(messages));
        }
    }

    @Override
    public List<Message> drainQueue(String clientId, long publishedNotBefore) {
        open.check();
        Session session = sessions.get(clientId);
        return session == null ? List.of() : session.drain(publishedNotBefore);
    }

    @Override
    public int purgeExpired(long publishedBefore, int limit) {
        open.check();
        int purged = 0;
        for (Map.Entry<String, Session> entry : sessions.entries()) {
            if (purged >= limit) {
                break;
            }
            purged += entry.getValue().purge(publishedBefore, limit - purged);
        }
        return purged;
    }

    @Override
    public long droppedOfflineMessages() {
        return dropped.sum();
    }

    @Override
    public Map<String, Integer> queueDepths() {
        open.check();
        Map<String, Integer> depths = new HashMap<>();
        for (Map.Entry<String, Session> entry : sessions.entries()) {
            int queued = entry.getValue().queued();
            if (queued > 0) {
                depths.put(entry.getKey(), queued);
            }
        }
        return depths;
    }

    /** Forgets every history and retained message (the store is closing). */
    void clear() {
        histories.clear();
        retained.clear();
    }

    private TopicHistory historyOf(String topic) {
        TopicHistory history = histories.get(topic);
        return history != null ? history : histories.computeIfAbsent(topic, t -> new TopicHistory(retainedMax));
    }

    private void countDropped(int count) {
        if (count > 0) {
            dropped.add(count);
        }
    }
}
