package dev.herald.bench.target;

import dev.herald.bench.load.Protocol;

import java.net.InetSocketAddress;

/**
 * An MQTT broker that runs on its own, such as Mosquitto, measured as a reference next to
 * Herald. Its memory is read from its process, when its id is given.
 */
public final class MqttTarget implements Target {

    private final String hostAndPort;
    private final InetSocketAddress address;
    private final MemoryProbe memory;
    private final Protocol protocol;

    private MqttTarget(String hostAndPort, InetSocketAddress address, MemoryProbe memory, Protocol protocol) {
        this.protocol = protocol;
        this.hostAndPort = hostAndPort;
        this.address = address;
        this.memory = memory;
    }

    /**
     * @param hostAndPort {@code host:port}
     * @param pid         the broker's process id, to read its resident memory, or -1
     * @param protocol    MQTT with publishes at QoS 1 or at QoS 0
     */
    public static MqttTarget external(String hostAndPort, long pid, Protocol protocol) {
        int colon = hostAndPort.lastIndexOf(':');
        return new MqttTarget(hostAndPort, new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1))),
                pid > 0 ? MemoryProbe.process(pid) : MemoryProbe.none(), protocol);
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public MemoryProbe memory() {
        return memory;
    }

    @Override
    public void close() {
        // not ours to stop
    }

    @Override
    public String toString() {
        return "MQTT broker at " + hostAndPort;
    }
}
