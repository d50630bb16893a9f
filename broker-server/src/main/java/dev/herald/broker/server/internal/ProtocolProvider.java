package dev.herald.broker.server.internal;

/**
 * A protocol served on listeners of its own, found with {@link java.util.ServiceLoader}:
 * {@code broker.listeners} names it by its URI schemes ({@code mqtt://}, {@code mqtts://}).
 * The line protocol ({@code herald://}, {@code heralds://}) is built in.
 */
public interface ProtocolProvider {

    /** The scheme of its plain listeners, e.g. {@code mqtt}. */
    String scheme();

    /** The scheme of its TLS listeners, e.g. {@code mqtts}. */
    String secureScheme();

    /** The protocol, served by {@code broker}; made once per server. */
    Protocol create(Broker broker);
}
