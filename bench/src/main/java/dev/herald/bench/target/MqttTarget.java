package dev.herald.bench.target;

import dev.herald.bench.load.Protocol;

import java.net.InetSocketAddress;

/**
 * An MQTT broker that runs on its own, such as Mosquitto, measured as a reference next to
 * Herald. Its memory is not read.
 */
public final class MqttTarget implements Target {

    private final String hostAndPort;
    private final InetSocketAddress address;

    private MqttTarget(String hostAndPort, InetSocketAddress address) {
        this.hostAndPort = hostAndPort;
        this.address = address;
    }

    /** @param hostAndPort {@code host:port} */
    public static MqttTarget external(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new MqttTarget(hostAndPort, new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1))));
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
        return Protocol.MQTT;
    }

    @Override
    public MemoryProbe memory() {
        return MemoryProbe.none();
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
