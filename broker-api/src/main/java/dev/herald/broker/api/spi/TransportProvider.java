package dev.herald.broker.api.spi;

/**
 * A kind of transport, found with {@link java.util.ServiceLoader} and chosen by its
 * {@link #name()} ({@code -Dbroker.transport}, {@code tcp} by default; the native TCP/TLS
 * transport is built into the server). Selection works as for {@link StoreProvider}.
 * Creating the provider allocates nothing; {@link Transport#start()} opens the socket.
 */
public interface TransportProvider extends NamedProvider {

    /** A transport, not yet started. */
    Transport create(TransportContext context);
}
