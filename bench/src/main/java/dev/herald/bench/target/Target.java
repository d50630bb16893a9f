package dev.herald.bench.target;

import dev.herald.bench.load.Deadline;
import dev.herald.bench.load.Protocol;

import java.io.IOException;
import java.net.InetSocketAddress;

/** What the load generator drives: a Herald server (in this JVM or elsewhere) or the relay. */
public interface Target extends AutoCloseable {

    /** The name reports use: {@code relay}, {@code herald-memory}, {@code herald-jdbc}, ... */
    String name();

    /** Where to connect. */
    InetSocketAddress address();

    /** How to talk to it. */
    Protocol protocol();

    /** How to read its memory. */
    MemoryProbe memory();

    /**
     * Waits until {@code count} connections that only receive are in place, for targets
     * that answer nothing (so the generator cannot tell by itself); others return at once.
     *
     * @throws IOException when they are not in place by the deadline
     */
    default void awaitReceivers(int count, Deadline deadline) throws IOException {
    }

    /** Stops it, if this process started it. */
    @Override
    void close();
}
