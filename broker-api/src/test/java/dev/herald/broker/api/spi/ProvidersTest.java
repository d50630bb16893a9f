package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvidersTest {

    private static final StoreProvider MEMORY = new MemoryStoreProvider();
    private static final StoreProvider JDBC = new JdbcStoreProvider();

    @Test
    void selectsTheProviderWithTheConfiguredName() {
        assertSame(JDBC, Providers.select("store", "broker.store", "jdbc", List.of(MEMORY, JDBC)));
        assertSame(MEMORY, Providers.select("store", "broker.store", "memory", List.of(MEMORY, JDBC)));
    }

    @Test
    void selectsByNameWhateverTheOrderOfTheCandidates() {
        assertSame(JDBC, Providers.select("store", "broker.store", "jdbc", List.of(JDBC, MEMORY)));
    }

    @Test
    void failsForAnUnknownNameListingTheNamesFoundAndTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Providers.select("store", "broker.store", "redis", List.of(MEMORY, JDBC)));
        String message = e.getMessage();
        assertTrue(message.contains("redis"), message);
        assertTrue(message.contains("broker.store"), message);
        assertTrue(message.contains("jdbc, memory"), message);
    }

    @Test
    void failsForAnyNameWhenThereAreNoProviders() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Providers.select("transport", "broker.transport", "tcp", List.<TransportProvider>of()));
        assertTrue(e.getMessage().contains("broker.transport"), e.getMessage());
        assertTrue(e.getMessage().contains("none"), e.getMessage());
    }

    @Test
    void namesAreCaseSensitive() {
        assertThrows(IllegalArgumentException.class,
                () -> Providers.select("store", "broker.store", "Memory", List.of(MEMORY, JDBC)));
    }

    @Test
    void failsWhenTwoProvidersShareANameNamingBothClasses() {
        StoreProvider impostor = new OtherMemoryStoreProvider();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Providers.select("store", "broker.store", "jdbc", List.of(MEMORY, JDBC, impostor)));
        String message = e.getMessage();
        assertTrue(message.contains("'memory'"), message);
        assertTrue(message.contains(MemoryStoreProvider.class.getName()), message);
        assertTrue(message.contains(OtherMemoryStoreProvider.class.getName()), message);
    }

    @Test
    void acceptsTheSameProviderClassListedTwice() {
        // An embedder may hand in a provider that ServiceLoader also finds: that is one provider, not two.
        assertSame(MEMORY, Providers.select("store", "broker.store", "memory", List.of(MEMORY, new MemoryStoreProvider())));
    }

    @Test
    void indexesEveryProviderByName() {
        Map<String, StoreProvider> byName = Providers.index("store", List.of(MEMORY, JDBC));
        assertEquals(Map.of("memory", MEMORY, "jdbc", JDBC), byName);
    }

    @Test
    void listsTheNamesSorted() {
        assertEquals(List.of("jdbc", "memory"), Providers.names(List.of(MEMORY, JDBC)));
    }

    private abstract static class FakeStoreProvider implements StoreProvider {
        @Override
        public Store open(StoreContext context) {
            throw new UnsupportedOperationException("not opened in these tests");
        }
    }

    private static final class MemoryStoreProvider extends FakeStoreProvider {
        @Override
        public String name() {
            return "memory";
        }
    }

    private static final class OtherMemoryStoreProvider extends FakeStoreProvider {
        @Override
        public String name() {
            return "memory";
        }
    }

    private static final class JdbcStoreProvider extends FakeStoreProvider {
        @Override
        public String name() {
            return "jdbc";
        }
    }
}
