package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KnownOptionsTest {

    private record FakeStore(String name, Set<String> settings) implements StoreProvider {
        @Override
        public Store open(StoreContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private static final FakeStore MEMORY = new FakeStore("memory", Set.of());
    private static final FakeStore JDBC = new FakeStore("jdbc", Set.of("jdbc.url", "jdbc.pool-size"));
    private static final Set<String> SERVER = Set.of("port", "offline.ttl", "offline.max");

    private static String failure(Set<String> given, StoreProvider store) {
        return assertThrows(IllegalArgumentException.class,
                () -> KnownOptions.check(given, SERVER, store, List.of(MEMORY, JDBC))).getMessage();
    }

    @Test
    void acceptsTheServersOptionsAndTheChosenStoresSettings() {
        assertDoesNotThrow(() -> KnownOptions.check(Set.of("port", "jdbc.url"), SERVER, JDBC, List.of(MEMORY, JDBC)));
    }

    @Test
    void namesTheUnknownOptionAndTheNearestKnownOne() {
        assertEquals("unknown option broker.ofline.ttl; the nearest known option is broker.offline.ttl",
                failure(Set.of("ofline.ttl"), JDBC));
        assertEquals("unknown option broker.jdbc.pool_size; the nearest known option is broker.jdbc.pool-size",
                failure(Set.of("jdbc.pool_size"), JDBC));
    }

    @Test
    void saysWhichStoreAnOptionOfAnotherStoreBelongsTo() {
        assertEquals("broker.jdbc.url is an option of the jdbc store, not of the memory store chosen by broker.store",
                failure(Set.of("jdbc.url"), MEMORY));
    }
}
