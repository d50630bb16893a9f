package dev.herald.broker.server.internal;

import dev.herald.broker.model.TopicFilter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Which sessions a topic's messages go to. Each {@link Topic} keeps the sessions whose
 * filters match it, each session once however many of its filters match, so publishing
 * looks nothing up. A subscription adds its session to the topics its filter matches; a
 * topic seen for the first time gets the sessions of the wildcard filters that match it.
 * Both lookups walk a {@link TopicTree} of the levels concerned, not every topic or filter.
 * A shared subscription ({@code $share/<group>/<filter>}) is routed the same way, by the
 * filter after its group, as one {@link SharedGroup} of the sessions that hold it.
 *
 * <p>Everything but {@link #get} happens under {@link #lock()}; changes of a topic's
 * subscribers also under that topic's lock.
 */
final class Routing {

    private final ReentrantLock lock = new ReentrantLock();
    /** Told of each topic made, under the lock. */
    private final Consumer<Topic> onNewTopic;
    /** Subscriptions of every session, counted as they are added and removed. */
    private volatile int subscriptions;

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    /** Sessions by wildcard filter; exact filters live in their topic alone. */
    private final Map<TopicFilter, Set<Session>> wildcards = new HashMap<>();
    /** The topics by their levels, for the topics a wildcard filter matches. */
    private final TopicTree<Topic> topicTree = new TopicTree<>();
    /** The wildcard filters by their levels, for the filters a new topic's name matches. */
    private final TopicTree<TopicFilter> filterTree = new TopicTree<>();
    /** The shared subscriptions, by their text. */
    private final Map<String, SharedGroup> groups = new HashMap<>();
    /** Those whose filter has a wildcard, by the levels of that filter, for the groups a new topic gets. */
    private final TopicTree<List<SharedGroup>> groupTree = new TopicTree<>();

    Routing(Consumer<Topic> onNewTopic) {
        this.onNewTopic = onNewTopic;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** The topics a session is routed to: those its filters match, shared subscriptions' included. */
    Set<Topic> topicsOf(Session session) {
        Set<Topic> routed = new LinkedHashSet<>();
        for (TopicFilter subscribed : session.filters.values()) {
            TopicFilter filter = subscribed.unshared();
            if (filter.isWildcard()) {
                routed.addAll(matching(filter));
            } else {
                Topic topic = topics.get(filter.text());
                if (topic != null) {
                    routed.add(topic);
                }
            }
        }
        return routed;
    }

    /** Subscriptions of every session. */
    int subscriptions() {
        return subscriptions;
    }

    /** Every topic, in no particular order. */
    Collection<Topic> topics() {
        return topics.values();
    }

    /** How many topics routing knows. */
    int size() {
        return topics.size();
    }

    /** The topic of this name, or null if no one published or subscribed to it yet. */
    Topic get(String name) {
        return topics.get(name);
    }

    /** The topic of this name, made with the sessions of every matching wildcard filter if it is new. */
    Topic create(String name) {
        return topics.computeIfAbsent(name, n -> {
            Topic topic = new Topic(n);
            filterTree.forEachMatching(n, filter -> {
                if (filter.matches(n)) {
                    wildcards.get(filter).forEach(topic::addSubscriber);
                }
            });
            groupTree.forEachMatching(n, matched -> {
                for (SharedGroup group : matched) {
                    topic.addGroup(group);
                }
            });
            topicTree.put(n, topic);
            onNewTopic.accept(topic);
            return topic;
        });
    }

    /**
     * The known topics a filter matches (a shared subscription: its filter after the group);
     * an exact filter's topic is made if need be.
     */
    List<Topic> matching(TopicFilter subscribed) {
        TopicFilter filter = subscribed.unshared();
        if (!filter.isWildcard()) {
            return List.of(create(filter.text()));
        }
        List<Topic> matched = new ArrayList<>();
        topicTree.forEachMatchedBy(filter.text(), topic -> {
            if (filter.matches(topic.name)) {
                matched.add(topic);
            }
        });
        return matched;
    }

    /** Subscribes a session with a filter (again is the same as once). */
    void add(Session session, TopicFilter filter) {
        if (session.filters.put(filter.text(), filter) == null) {
            subscriptions++;
            session.subscriptionsChanged();
        }
        if (filter.isShared()) {
            groups.computeIfAbsent(filter.text(), t -> newGroup(filter)).add(session);
            return;
        }
        if (filter.isWildcard()) {
            wildcards.computeIfAbsent(filter, f -> {
                filterTree.put(f.text(), f);
                return new LinkedHashSet<>();
            }).add(session);
        }
        for (Topic topic : matching(filter)) {
            topic.addSubscriber(session);
        }
    }

    /** A shared subscription that no session held: on the topics its filter matches, and on those made later. */
    private SharedGroup newGroup(TopicFilter filter) {
        SharedGroup group = new SharedGroup(filter);
        String levels = filter.unshared().text();
        if (filter.isWildcard()) {
            List<SharedGroup> same = groupTree.get(levels);
            if (same == null) {
                groupTree.put(levels, same = new ArrayList<>(1));
            }
            same.add(group);
        }
        for (Topic topic : matching(filter)) {
            topic.addGroup(group);
        }
        return group;
    }

    /** Unsubscribes a session from a filter, as it was subscribed; its other filters still route to it. */
    void remove(Session session, String filterText) {
        TopicFilter filter = session.filters.remove(filterText);
        if (filter == null) {
            return;
        }
        session.subscriptionsChanged();
        subscriptions--;
        if (filter.isShared()) {
            SharedGroup group = groups.get(filterText);
            if (group != null && group.remove(session)) {
                dropGroup(group);
            }
            return;
        }
        if (filter.isWildcard()) {
            Set<Session> sessions = wildcards.get(filter);
            if (sessions != null) {
                sessions.remove(session);
                if (sessions.isEmpty()) {
                    wildcards.remove(filter);
                    filterTree.remove(filter.text());
                }
            }
        }
        for (Topic topic : routed(filter)) {
            if (!stillMatches(session, topic.name)) {
                topic.removeSubscriber(session);
                dropIfUnused(topic);
            }
        }
    }

    /** Forgets a shared subscription its last member left. */
    private void dropGroup(SharedGroup group) {
        groups.remove(group.filter.text());
        TopicFilter filter = group.filter.unshared();
        if (filter.isWildcard()) {
            List<SharedGroup> same = groupTree.get(filter.text());
            same.remove(group);
            if (same.isEmpty()) {
                groupTree.remove(filter.text());
            }
        }
        for (Topic topic : routed(filter)) {
            topic.removeGroup(group);
            dropIfUnused(topic);
        }
    }

    /** The known topics a filter routes to, without making any. */
    private List<Topic> routed(TopicFilter filter) {
        return filter.isWildcard() ? matching(filter) : listOf(topics.get(filter.text()));
    }

    private void dropIfUnused(Topic topic) {
        if (topic.dropIfUnused() && topics.remove(topic.name, topic)) {
            topicTree.remove(topic.name); // nobody reads it and it has no history: it holds nothing
        }
    }

    /** Removes every subscription of a session. */
    void drop(Session session) {
        for (String filter : List.copyOf(session.filters.keySet())) {
            remove(session, filter);
        }
    }

    /** Whether another of the session's own (not shared) filters matches the topic. */
    private static boolean stillMatches(Session session, String topic) {
        for (TopicFilter f : session.filters.values()) {
            if (!f.isShared() && f.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    private static List<Topic> listOf(Topic topic) {
        return topic == null ? List.of() : List.of(topic);
    }
}
