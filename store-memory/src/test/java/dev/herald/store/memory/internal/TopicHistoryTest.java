package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ring buffer behind a topic's retained history, growing and wrapping. */
class TopicHistoryTest {

    private static List<Message> messages(long fromId, long toId) {
        return LongStream.rangeClosed(fromId, toId).mapToObj(id -> new Message(id, "NEWS", id, "m" + id)).toList();
    }

    private static TopicHistory filled(int max, long count) {
        TopicHistory history = new TopicHistory(max);
        history.lock.lock();
        try {
            messages(1, count).forEach(history::add);
        } finally {
            history.lock.unlock();
        }
        return history;
    }

    @Test
    void growsUpToItsBoundKeepingEverything() {
        assertEquals(messages(1, 37), filled(40, 37).snapshot());
        assertEquals(messages(1, 40), filled(40, 40).snapshot());
    }

    @Test
    void keepsTheNewestOldestFirstOnceWrapped() {
        assertEquals(messages(61, 100), filled(40, 100).snapshot());
        assertEquals(messages(998, 1_000), filled(3, 1_000).snapshot());
    }

    @Test
    void keepsOneWhenTheBoundIsOne() {
        assertEquals(messages(7, 7), filled(1, 7).snapshot());
    }
}
