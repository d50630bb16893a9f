package dev.herald.transport.mqtt.listener;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened (servers, clients), closed after it in the reverse order, each one even
 * if another fails to close: a field with {@code @AutoClose}.
 */
final class Closer implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** Closes {@code resource} with the others after the test; returns it. */
    <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() {
        IllegalStateException failed = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = new IllegalStateException("closing what the test opened failed", e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failed != null) {
            throw failed;
        }
    }
}
