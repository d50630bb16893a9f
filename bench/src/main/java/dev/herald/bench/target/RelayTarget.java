package dev.herald.bench.target;

import dev.herald.bench.load.Deadline;
import dev.herald.bench.load.Protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.locks.LockSupport;

/** The bare relay, started in this JVM on a free loopback port. */
public final class RelayTarget implements Target {

    private final Relay relay;

    private RelayTarget(Relay relay) {
        this.relay = relay;
    }

    public static RelayTarget start() throws IOException {
        return new RelayTarget(Relay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port());
    }

    @Override
    public Protocol protocol() {
        return Protocol.RELAY;
    }

    @Override
    public MemoryProbe memory() {
        return MemoryProbe.self();
    }

    @Override
    public void awaitReceivers(int count, Deadline deadline) throws IOException {
        // Exactly: connections of an earlier run may still be on their way out.
        while (relay.listeners() != count || relay.connections() != count) {
            if (deadline.passed()) {
                throw new IOException("the relay has " + relay.listeners() + " of " + count + " receivers");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public void close() {
        relay.close();
    }
}
