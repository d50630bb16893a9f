package dev.herald.broker.server.internal;

/**
 * A protocol served on listeners of its own, found with {@link java.util.ServiceLoader}:
 * {@code broker.listeners} names it by its URI schemes ({@code mqtt://}, {@code mqtts://}),
 * and by {@code ws://} and {@code wss://} when it names a {@linkplain #webSocketSubprotocol
 * WebSocket subprotocol}. The line protocol ({@code herald://}, {@code heralds://}) is built in.
 */
public interface ProtocolProvider {

    /** The scheme of its plain listeners, e.g. {@code mqtt}. */
    String scheme();

    /** The scheme of its TLS listeners, e.g. {@code mqtts}. */
    String secureScheme();

    /** The protocol, served by {@code broker}; made once per server. */
    Protocol create(Broker broker);

    /**
     * The WebSocket subprotocol (RFC 6455 section 1.9) that carries this protocol in binary
     * frames, e.g. {@code mqtt}; null, by default, for a protocol that WebSocket does not
     * carry. The {@code ws://} and {@code wss://} listeners serve the protocol of the first
     * provider that names one.
     */
    default String webSocketSubprotocol() {
        return null;
    }
}
