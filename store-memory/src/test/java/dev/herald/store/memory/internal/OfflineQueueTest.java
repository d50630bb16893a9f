package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ring buffer behind a session's offline queue, at the edges the contract tests do not reach. */
class OfflineQueueTest {

    private static Message message(long id) {
        return new Message(id, "NEWS", 1_000 + id, "m" + id);
    }

    private static List<Message> messages(long fromId, long toId) {
        return LongStream.rangeClosed(fromId, toId).mapToObj(OfflineQueueTest::message).toList();
    }

    @Test
    void keepsTheNewestInOrderAfterWrappingAroundManyTimes() {
        OfflineQueue queue = new OfflineQueue(5);
        int dropped = 0;
        for (long id = 1; id <= 103; id++) {
            dropped += queue.add(message(id));
        }

        assertEquals(98, dropped);
        assertEquals(messages(99, 103), queue.drain(0));
    }

    @Test
    void insertsAnOlderMessageInPlaceWhileTheRingIsWrapped() {
        OfflineQueue queue = new OfflineQueue(8);
        for (long id = 1; id <= 20; id += 2) {
            queue.add(message(id)); // odd ids 1..19: 1 and 3 dropped, the ring full and wrapped
        }
        queue.add(message(12));
        queue.add(message(18));

        // 8 kept of 12: the four oldest (1, 3, 5, 7) dropped; 12 and 18 in their places
        assertEquals(List.of(message(9), message(11), message(12), message(13), message(15), message(17), message(18), message(19)),
                queue.drain(0));
    }

    @Test
    void dropsAnArrivingMessageOlderThanEverythingInAFullQueue() {
        OfflineQueue queue = new OfflineQueue(3);
        queue.addAll(messages(10, 12));

        assertEquals(1, queue.add(message(5)));
        assertEquals(messages(10, 12), queue.drain(0));
    }

    @Test
    void addingAQueuedMessageAgainChangesNothing() {
        OfflineQueue queue = new OfflineQueue(3);
        queue.addAll(messages(1, 3));

        assertEquals(0, queue.add(message(2)));
        assertEquals(0, queue.add(message(3)));
        assertEquals(messages(1, 3), queue.drain(0));
    }

    @Test
    void addAllMergesUnsortedDuplicatedMessagesKeepingTheNewest() {
        OfflineQueue queue = new OfflineQueue(6);
        queue.add(message(4));
        queue.add(message(8));

        int dropped = queue.addAll(List.of(message(9), message(2), message(8), message(7), message(1), message(2), message(5)));

        assertEquals(1, dropped); // 1, 2, 4, 5, 7, 8, 9: seven distinct, one too many
        assertEquals(List.of(message(2), message(4), message(5), message(7), message(8), message(9)), queue.drain(0));
    }

    @Test
    void purgeRemovesOnlyTheOldEnoughUpToTheLimitAndKeepsOrderInAWrappedRing() {
        OfflineQueue queue = new OfflineQueue(8);
        for (long id = 1; id <= 12; id++) {
            queue.add(message(id)); // 5..12 kept, wrapped
        }
        List<Message> expected = new ArrayList<>(messages(5, 12));

        assertEquals(2, queue.purge(1_008, 2)); // published 1_005.. 1_007 are old enough; two go
        expected.remove(message(5));
        expected.remove(message(6));
        assertEquals(1, queue.purge(1_008, 10));
        expected.remove(message(7));
        assertEquals(0, queue.purge(1_008, 10));

        queue.add(message(13));
        expected.add(message(13));
        assertEquals(expected, queue.drain(0));
    }

    @Test
    void isEmptyAfterADrainAndCanFillAgain() {
        OfflineQueue queue = new OfflineQueue(4);
        queue.addAll(messages(1, 4));
        queue.drain(0);

        assertEquals(0, queue.size());
        queue.add(message(9));
        assertEquals(List.of(message(9)), queue.drain(0));
    }

    @Test
    void aMessagesPropertiesCountTowardsWhatTheQueueTakes() {
        OfflineQueue queue = new OfflineQueue(8);
        Message plain = Message.wrapping(1, "NEWS", 1_000, new byte[10], 1);
        Message withProperties = Message.wrapping(2, "NEWS", 1_000, new byte[10], 1, new byte[500], 0);

        queue.add(plain);
        long one = queue.bytes();
        queue.add(withProperties);

        assertEquals(OfflineQueue.cost(plain) + 500, OfflineQueue.cost(withProperties));
        assertEquals(one + OfflineQueue.cost(withProperties), queue.bytes());
    }
}
