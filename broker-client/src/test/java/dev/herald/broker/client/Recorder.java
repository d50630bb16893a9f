package dev.herald.broker.client;

import dev.herald.broker.model.Message;
import dev.herald.testsupport.Await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A message listener that keeps what it receives, and the thread it received it on. */
final class Recorder implements MessageListener {

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private volatile Thread lastThread;

    @Override
    public void onMessage(Message message) {
        lastThread = Thread.currentThread();
        messages.add(message);
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    List<String> payloads() {
        return messages.stream().map(Message::payload).toList();
    }

    List<Long> ids() {
        return messages.stream().map(Message::id).toList();
    }

    int size() {
        return messages.size();
    }

    Thread lastThread() {
        return lastThread;
    }

    /** Waits until at least {@code count} messages arrived. */
    Recorder awaitCount(int count) {
        Await.until(count + " messages (have " + messages.size() + ")", () -> messages.size() >= count);
        return this;
    }
}
