package dev.herald.broker.server;

import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.StoreProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options: properties, the builder, and the messages of bad values. */
class ConfigurationTest {

    /** A store named and with settings as given, that records its context and keeps its data in memory. */
    private record FakeStore(String name, java.util.Set<String> settings, AtomicReference<StoreContext> seen)
            implements StoreProvider {
        @Override
        public Store open(StoreContext context) {
            seen.set(context);
            return ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals("memory")).findFirst().orElseThrow().open(context);
        }
    }

    private static String failure(Map<String, String> properties) {
        return assertThrows(IllegalArgumentException.class, () -> HeraldServer.Builder.fromProperties(properties))
                .getMessage();
    }

    @Test
    void namesThePropertyOfABadValue() {
        assertTrue(failure(Map.of("broker.port", "70000")).contains("broker.port"));
        assertTrue(failure(Map.of("broker.port", "twelve")).contains("broker.port"));
        assertTrue(failure(Map.of("broker.offline.ttl", "soon")).contains("broker.offline.ttl"));
        assertTrue(failure(Map.of("broker.session.expiry", "0s")).contains("broker.session.expiry"));
        assertTrue(failure(Map.of("broker.idle-timeout", "-5s")).contains("broker.idle-timeout"));
        assertTrue(failure(Map.of("broker.retained.max", "-1")).contains("broker.retained.max"));
        assertTrue(failure(Map.of("broker.offline.max", "many")).contains("broker.offline.max"));
        assertTrue(failure(Map.of("broker.max-connections", "0")).contains("broker.max-connections"));
        assertTrue(failure(Map.of("broker.max-frame", "10")).contains("broker.max-frame"));
        assertTrue(failure(Map.of("broker.outbound-buffer", "1")).contains("broker.outbound-buffer"));
        assertTrue(failure(Map.of("broker.topics", "NEWS,bad topic")).contains("broker.topics"));
        assertTrue(failure(Map.of("broker.topics", " , ")).contains("broker.topics"));
        assertTrue(failure(Map.of("broker.users", "/no/such/users.properties")).contains("broker.users"));
        assertTrue(failure(Map.of("broker.tls.client-auth", "maybe")).contains("broker.tls.client-auth"));
        assertTrue(failure(Map.of("broker.connect-timeout", "0s")).contains("broker.connect-timeout"));
        assertTrue(failure(Map.of("broker.max-unauthenticated-per-address", "0"))
                .contains("broker.max-unauthenticated-per-address"));
    }

    @Test
    void readsDurationsInShortAndIsoForms() throws IOException {
        for (String[] c : new String[][] {{"500ms", "PT0.5S"}, {"30s", "PT30S"}, {"2m", "PT2M"}, {"24h", "PT24H"}, {"PT45S", "PT45S"}}) {
            HeraldServer s = HeraldServer.Builder.fromProperties(Map.of("broker.offline.ttl", c[0])).build();
            assertEquals(Duration.parse(c[1]), s.offlineTtl(), c[0]);
        }
    }

    @Test
    void failsToStartWithAnUnknownStoreListingTheStoresFound() {
        HeraldServer s = HeraldServer.Builder.fromProperties(Map.of("broker.store", "cassandra", "broker.port", "0")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::start);
        assertTrue(e.getMessage().contains("cassandra") && e.getMessage().contains("broker.store")
                && e.getMessage().contains("memory"), e.getMessage());
    }

    @Test
    void passesOtherBrokerPropertiesToTheStoreAsSettings() throws IOException {
        AtomicReference<StoreContext> seen = new AtomicReference<>();
        StoreProvider recording = new FakeStore("recording", java.util.Set.of("jdbc.url"), seen);
        try (HeraldServer s = HeraldServer.Builder.fromProperties(Map.of(
                "broker.port", "0", "broker.jdbc.url", "jdbc:h2:mem:x", "broker.retained.max", "7", "other.key", "x"))
                .store(recording).build().start()) {
            assertEquals("recording", s.storeName());
            assertEquals("jdbc:h2:mem:x", seen.get().setting("jdbc.url").orElseThrow());
            assertEquals(7, seen.get().retainedMax());
            assertTrue(seen.get().setting("retained.max").isEmpty(), "server options are not store settings");
        }
    }

    @Test
    void refusesToStartWithAnUnknownOptionNamingTheNearestKnownOne() {
        HeraldServer s = HeraldServer.Builder.fromProperties(Map.of("broker.port", "0", "broker.idle-timout", "5s")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::start);
        assertEquals("unknown option broker.idle-timout; the nearest known option is broker.idle-timeout", e.getMessage());
    }

    @Test
    void checksTheStoresOptionsAsTheStoreDeclaresThem() throws IOException {
        StoreProvider declaring = new FakeStore("declaring", java.util.Set.of("declaring.url", "declaring.pool-size"),
                new AtomicReference<>());
        HeraldServer typo = HeraldServer.Builder.fromProperties(Map.of("broker.port", "0", "broker.declaring.pool-sise", "4"))
                .store(declaring).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, typo::start);
        assertTrue(e.getMessage().contains("broker.declaring.pool-sise") && e.getMessage().contains("broker.declaring.pool-size"),
                e.getMessage());
        try (HeraldServer s = HeraldServer.Builder.fromProperties(Map.of("broker.port", "0", "broker.declaring.url", "x"))
                .store(declaring).build().start()) {
            assertEquals("declaring", s.storeName());
        }
    }

    @Test
    void startsWithTheDefaultsOfTheProtocolPage() throws IOException {
        HeraldServer s = HeraldServer.builder().build();
        assertEquals(Duration.ofSeconds(30), s.offlineTtl());
        assertEquals("memory", s.storeName());
        assertThrows(IllegalStateException.class, s::port, "not started");
    }
}
