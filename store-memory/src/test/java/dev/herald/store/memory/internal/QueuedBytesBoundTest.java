package dev.herald.store.memory.internal;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.SubscriptionStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline queues of one memory store together stay within their bound in bytes. */
class QueuedBytesBoundTest {

    private static final long T0 = 1_764_095_000_000L;

    @Test
    void manySessionsCannotMakeTheStoreHoldMoreThanItsBoundAndTheDropsAreCounted() {
        long bound = 64 * 1024;
        MemoryStore store = new MemoryStore(1000, 10_000, bound);
        SubscriptionStore sessions = store.subscriptions();
        List<String> offline = List.of("s1", "s2", "s3", "s4");
        for (String id : offline) {
            sessions.create(id);
            sessions.subscribe(id, "NEWS");
            sessions.markOffline(id, T0);
        }
        String payload = "p".repeat(1000);
        int published = 400; // 4 sessions x 400 x ~1 KB: far over 64 KiB
        for (int i = 0; i < published; i++) {
            store.messages().append(List.of(new Publication("NEWS", payload, T0, offline)));
            assertTrue(queued(store) <= bound + OfflineQueue.cost(new Message(1, "NEWS", T0, payload)),
                    "within the bound after message " + i + ": " + queued(store));
        }
        long kept = 0;
        for (String id : offline) {
            List<Message> drained = store.messages().drainQueue(id, T0);
            kept += drained.size();
            if (!drained.isEmpty()) {
                assertEquals(published, drained.getLast().id(), "a queue keeps its newest messages");
            }
        }
        assertEquals(4L * published - kept, store.messages().droppedOfflineMessages(), "every drop is counted");
        assertEquals(0, queued(store), "drained queues hold nothing");
    }

    @Test
    void aDiscardedSessionGivesItsShareBack() {
        MemoryStore store = new MemoryStore(1000, 10_000, 1 << 20);
        store.subscriptions().create("gone");
        store.subscriptions().subscribe("gone", "NEWS");
        store.subscriptions().markOffline("gone", T0);
        store.messages().append(List.of(new Publication("NEWS", "x".repeat(5000), T0, List.of("gone"))));
        assertTrue(queued(store) > 5000);
        store.subscriptions().create("gone"); // a new CONN discards the queue
        assertEquals(0, queued(store));
        store.subscriptions().delete("gone");
        assertEquals(0, queued(store));
    }

    private static long queued(Store store) {
        return ((MemoryStore) store).queuedBytes();
    }
}
