package dev.herald.junit;

import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.junit.HeraldTest.Scope;
import dev.herald.junit.HeraldTest.Store;
import org.junit.jupiter.api.RepeatedTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JDBC store on a fresh in-memory H2 database for every server. */
@HeraldTest(store = Store.JDBC, scope = Scope.PER_METHOD)
class JdbcStoreTest {

    @RepeatedTest(2)
    void keepsAnOfflineSessionsMessagesInAFreshDatabase(HeraldServer server, @ClientId("reader") HeraldClient reader,
                                                        HeraldClient writer) {
        assertEquals("jdbc", server.storeName());
        reader.subscribe("WEATHER", m -> { });
        reader.disconnect();
        assertEquals(1, writer.publish("WEATHER", "rain"), "a fresh database numbers from 1");
        assertEquals(1, reader.resume().queued());
    }
}
