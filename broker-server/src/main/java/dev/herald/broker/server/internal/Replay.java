package dev.herald.broker.server.internal;

import dev.herald.broker.model.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The messages a {@code RECON} replays, gathered from where they waited. */
final class Replay {

    private Replay() {
    }

    /**
     * Merges lists of messages into one, ordered by id, each message once, without those
     * published before {@code publishedNotBefore} (expired).
     */
    @SafeVarargs
    static List<Message> merge(long publishedNotBefore, List<Message>... sources) {
        int nonEmpty = 0;
        List<Message> only = List.of();
        for (List<Message> source : sources) {
            if (!source.isEmpty()) {
                nonEmpty++;
                only = source;
            }
        }
        if (nonEmpty == 1 && isFresh(only, publishedNotBefore)) {
            return only; // the usual case: just the store's queue, already ordered and fresh
        }
        List<Message> all = new ArrayList<>();
        for (List<Message> source : sources) {
            for (Message m : source) {
                if (m.publishedAt() >= publishedNotBefore) {
                    all.add(m);
                }
            }
        }
        all.sort(Comparator.comparingLong(Message::id));
        List<Message> merged = new ArrayList<>(all.size());
        long last = 0;
        for (Message m : all) {
            if (m.id() != last) {
                merged.add(m);
                last = m.id();
            }
        }
        return merged;
    }

    private static boolean isFresh(List<Message> list, long publishedNotBefore) {
        for (Message m : list) {
            if (m.publishedAt() < publishedNotBefore) {
                return false;
            }
        }
        return true;
    }
}
