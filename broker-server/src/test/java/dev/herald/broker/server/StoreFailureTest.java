package dev.herald.broker.server;

import dev.herald.broker.api.Message;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.broker.api.spi.SubscriptionStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store that fails: nothing is acknowledged or delivered that was not stored, and the broker recovers. */
class StoreFailureTest extends ServerFixture {

    /** The memory store, with appends that fail while {@link #down} is set. */
    static final class FlakyStoreProvider implements StoreProvider {
        volatile boolean down;

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Store open(StoreContext context) {
            Store memory = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals("memory")).findFirst().orElseThrow().open(context);
            MessageStore messages = memory.messages();
            MessageStore flaky = new MessageStore() {
                @Override
                public List<Message> append(List<Publication> batch) {
                    if (down) {
                        throw new StoreException("cannot reach the database");
                    }
                    return messages.append(batch);
                }

                @Override
                public List<Message> history(String topic) {
                    return messages.history(topic);
                }

                @Override
                public void enqueue(String clientId, List<Message> list) {
                    messages.enqueue(clientId, list);
                }

                @Override
                public List<Message> drainQueue(String clientId, long publishedNotBefore) {
                    return messages.drainQueue(clientId, publishedNotBefore);
                }

                @Override
                public int purgeExpired(long publishedBefore, int limit) {
                    return messages.purgeExpired(publishedBefore, limit);
                }

                @Override
                public long droppedOfflineMessages() {
                    return messages.droppedOfflineMessages();
                }
            };
            return new Store() {
                @Override
                public MessageStore messages() {
                    return flaky;
                }

                @Override
                public SubscriptionStore subscriptions() {
                    return memory.subscriptions();
                }

                @Override
                public boolean durable() {
                    return false;
                }

                @Override
                public void close() {
                    memory.close();
                }
            };
        }
    }

    @Test
    void answersStoreUnavailableDeliversNothingAndRecoversByItself() throws IOException {
        FlakyStoreProvider store = new FlakyStoreProvider();
        start(b -> b.store(store));
        LineClient sub = session("sub");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient pub = session("pub");

        store.down = true;
        pub.send("PUB NEWS lost").expectError("STORE_UNAVAILABLE");
        pub.send("PING").expect("PONG");
        sub.send("PING").expect("PONG"); // nothing was delivered before this PONG

        store.down = false;
        pub.send("PUB NEWS kept").expect("PUB_ACK NEWS 1");
        assertTrue(sub.next().endsWith(" kept"));
        LineClient late = session("late");
        late.send("SUB NEWS").expect("SUB_ACK NEWS 1");
    }
}
