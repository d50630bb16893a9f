package dev.herald.store.memory;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.spi.Providers;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreException;
import dev.herald.broker.api.spi.StoreProvider;
import dev.herald.broker.api.spi.Publication;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryStoreProviderTest {

    private static final String SERVICE_FILE = "META-INF/services/" + StoreProvider.class.getName();

    private static StoreContext context() {
        return new StoreContext(Clock.systemUTC(), 10, 10, name -> null);
    }

    @Test
    void isNamedMemory() {
        assertEquals("memory", new MemoryStoreProvider().name());
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        // A named module may load only services it declares; the test declares its use here.
        getClass().getModule().addUses(StoreProvider.class);

        StoreProvider found = Providers.select("store", "broker.store", "memory", ServiceLoader.load(StoreProvider.class));

        assertInstanceOf(MemoryStoreProvider.class, found);
    }

    @Test
    void isDeclaredAsAServiceOnTheModulePathAndOnTheClassPath() throws IOException {
        ModuleDescriptor descriptor = MemoryStoreProvider.class.getModule().getDescriptor();
        if (descriptor != null) {
            assertTrue(descriptor.provides().stream().anyMatch(p -> p.service().equals(StoreProvider.class.getName())
                    && p.providers().equals(List.of(MemoryStoreProvider.class.getName()))), descriptor.provides().toString());
        }
        try (InputStream in = MemoryStoreProvider.class.getModule().getResourceAsStream(SERVICE_FILE)) {
            assertNotNull(in, SERVICE_FILE);
            assertEquals(MemoryStoreProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void opensAStoreThatIsNotDurable() {
        try (Store store = new MemoryStoreProvider().open(context())) {
            assertFalse(store.durable());
        }
    }

    @Test
    void opensIndependentStores() {
        MemoryStoreProvider provider = new MemoryStoreProvider();
        try (Store first = provider.open(context()); Store second = provider.open(context())) {
            first.messages().append(List.of(new Publication("NEWS", "only in the first", 1, List.of())));
            first.subscriptions().create("a");

            assertEquals(List.of(), second.messages().history("NEWS"));
            assertEquals(List.of(), second.subscriptions().all());
        }
    }

    @Test
    void closedStoreRefusesCallsWithAStoreException() {
        Store store = new MemoryStoreProvider().open(context());
        store.close();

        StoreException e = assertThrows(StoreException.class,
                () -> store.messages().append(List.of(new Publication("NEWS", "late", 1, List.of()))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(StoreException.class, () -> store.subscriptions().find("a"));
    }

    @Test
    void startsIdsAtOne() {
        try (Store store = new MemoryStoreProvider().open(context())) {
            Message first = store.messages().append(List.of(new Publication("NEWS", "x", 1, List.of()))).get(0);
            assertEquals(1, first.id());
        }
    }
}
