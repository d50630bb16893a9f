/**
 * MQTT 3.1.1 for Herald. The packet codec ({@code dev.herald.transport.mqtt.codec}) turns
 * bytes into typed packets and back, checking every rule of the standard that a single
 * packet can break; what depends on a connection's state (a second CONNECT, which client
 * ids to accept, what a client may publish) is left to the listener that uses it.
 */
module dev.herald.transport.mqtt {
    exports dev.herald.transport.mqtt.codec;
}
