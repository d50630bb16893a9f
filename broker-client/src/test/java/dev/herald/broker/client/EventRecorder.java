package dev.herald.broker.client;

import dev.herald.broker.client.ConnectionListener.Event;
import dev.herald.testsupport.Await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection listener that keeps every event, loss and failed attempt, in order. */
public final class EventRecorder implements ConnectionListener {

    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final List<HeraldException> losses = new CopyOnWriteArrayList<>();
    public final List<Integer> failedAttempts = new CopyOnWriteArrayList<>();

    public EventRecorder() {
    }

    @Override
    public void connectionEvent(HeraldClient client, Event event) {
        events.add(event);
    }

    @Override
    public void connectionLost(HeraldClient client, HeraldException cause) {
        losses.add(cause);
    }

    @Override
    public void reconnectFailed(HeraldClient client, int attempt, HeraldException cause) {
        failedAttempts.add(attempt);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public void awaitEvent(Event event) {
        Await.until("connection event " + event + " (have " + events + ")", () -> events.contains(event));
    }

    public void awaitEvents(int count) {
        Await.until(count + " connection events (have " + events + ")", () -> events.size() >= count);
    }
}
