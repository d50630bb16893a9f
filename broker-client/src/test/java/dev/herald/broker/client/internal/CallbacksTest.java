package dev.herald.broker.client.internal;

import dev.herald.broker.client.ConnectionException;
import dev.herald.broker.client.ConnectionListener;
import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.model.Message;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CallbacksTest {

    private final HeraldClient client = HeraldClient.builder().clientId("callbacks-1").build();
    /** What the listeners heard, in order, and whether each call ran on the dispatch thread. */
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private Callbacks callbacks;

    @AfterEach
    void stop() {
        if (callbacks != null) {
            callbacks.stop();
        }
    }

    private void hear(String what) {
        heard.add(what + (callbacks.dispatcher().isDispatchThread() ? "" : " (not on the dispatch thread)"));
    }

    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void connectionEvent(HeraldClient c, Event event) {
            hear(c.clientId() + " " + event);
        }

        @Override
        public void connectionLost(HeraldClient c, HeraldException cause) {
            hear(c.clientId() + " lost: " + cause.getMessage());
        }

        @Override
        public void reconnectFailed(HeraldClient c, int attempt, HeraldException cause) {
            hear(c.clientId() + " attempt " + attempt + ": " + cause.getMessage());
        }
    };

    private static Message message(long id, String topic) {
        return new Message(id, topic, 1764095000000L, "m" + id);
    }

    @Test
    void messagesAndEventsReachTheirListenersOnTheDispatchThreadInTheOrderGiven() {
        Subscriptions subscriptions = new Subscriptions(m -> hear("fallback " + m.id()));
        subscriptions.put("NEWS", m -> hear("NEWS " + m.id()));
        callbacks = new Callbacks(client, listener, subscriptions);
        callbacks.start("callbacks-test-dispatch");

        callbacks.event(Event.CONNECTED);
        callbacks.message(message(1, "NEWS"));
        callbacks.message(message(2, "WEATHER"));
        callbacks.connectionLost(new ConnectionException("gone"));
        callbacks.reconnectFailed(1, new ConnectionException("refused"));
        callbacks.event(Event.RECONNECT_ABANDONED);

        Await.until("every call (heard " + heard + ")", () -> heard.size() == 6);
        assertEquals(List.of("callbacks-1 CONNECTED", "NEWS 1", "fallback 2", "callbacks-1 lost: gone",
                "callbacks-1 attempt 1: refused", "callbacks-1 RECONNECT_ABANDONED"), heard);
    }

    @Test
    void aMessageOfATopicWithoutListenerOrFallbackIsDropped() {
        Subscriptions subscriptions = new Subscriptions(null);
        subscriptions.put("NEWS", m -> hear("NEWS " + m.id()));
        callbacks = new Callbacks(client, null, subscriptions);
        callbacks.start("callbacks-test-dispatch");

        callbacks.message(message(1, "WEATHER"));
        callbacks.event(Event.CONNECTED); // no connection listener: nobody hears it
        callbacks.message(message(2, "NEWS"));

        Await.until("the NEWS message", () -> !heard.isEmpty());
        assertEquals(List.of("NEWS 2"), heard);
    }

    @Test
    void beforeItStartsNoThreadRunsAndEventsAreNotTold() {
        callbacks = new Callbacks(client, listener, new Subscriptions(null));
        callbacks.event(Event.CLOSED);
        assertNull(callbacks.dispatcher());
        assertEquals(List.of(), heard);
    }
}
