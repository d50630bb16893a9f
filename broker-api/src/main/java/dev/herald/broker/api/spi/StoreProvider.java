package dev.herald.broker.api.spi;

import java.util.Set;

/**
 * A kind of store, found with {@link java.util.ServiceLoader} and chosen by its
 * {@link #name()} (the value of {@code -Dbroker.store}; {@code memory} by default).
 *
 * <p>Selection: the server loads every provider, rejects two with the same name (naming
 * both classes), and picks the one whose name equals the configured one; an unknown name
 * fails at start with the list of names found. Embedders may hand a provider to the server
 * directly instead. Providers are created just to read their name, so their constructors
 * allocate nothing: {@link #open} owns files, pools and threads.
 */
public interface StoreProvider extends NamedProvider {

    /**
     * The names of this store's settings, without the {@code broker.} prefix (such as
     * {@code jdbc.url}). The server refuses to start with a {@code broker.*} property that is
     * neither one of its own options nor one of these, so a misspelt setting is not ignored.
     */
    default Set<String> settings() {
        return Set.of();
    }

    /**
     * Opens the store (creating or upgrading its schema or files as needed).
     *
     * @throws StoreException              when the store cannot be opened
     * @throws IllegalArgumentException    when a setting is invalid; the message names it
     */
    Store open(StoreContext context);
}
