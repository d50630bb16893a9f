package dev.herald.junit;

import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.junit.HeraldTest.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a server per method, every test starts on an empty broker of its own. */
@HeraldTest(scope = Scope.PER_METHOD)
class PerMethodScopeTest {

    private static final Set<HeraldServer> SERVERS = ConcurrentHashMap.newKeySet();

    @RepeatedTest(3)
    void startsOnAnEmptyBroker(HeraldServer server, HeraldClient client) {
        assertTrue(SERVERS.add(server), "a server of its own");
        assertEquals(1, client.publish("NEWS", "the first message of this broker"));
    }

    @AfterEach
    void theServerStillRunsInAfterEach(HeraldClient client) {
        assertTrue(client.isConnected());
    }
}
