package dev.herald.broker.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientOptionsTest {

    @Test
    void defaultsAreThoseDocumented() {
        ClientOptions options = HeraldClient.builder().clientId("publisher-1").options();
        assertEquals("localhost", options.host());
        assertEquals(12345, options.port());
        assertEquals(Duration.ofSeconds(5), options.connectTimeout());
        assertEquals(Duration.ofSeconds(10), options.requestTimeout());
        assertFalse(options.autoReconnect());
        assertNull(options.reconnectPolicy());
        assertEquals(Duration.ZERO, options.keepAlive());
    }

    @Test
    void badValuesAreRejectedWhereTheyEnterNamingTheOption() {
        HeraldClient.Builder b = HeraldClient.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.clientId("Subscriber 1"))
                .getMessage().contains("clientId"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.port(0)).getMessage().contains("port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(Duration.ZERO))
                .getMessage().contains("requestTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.credentials("al ice", "pw"))
                .getMessage().contains("user"));
        assertTrue(assertThrows(IllegalArgumentException.class, b::build).getMessage().contains("clientId"));
    }

    @Test
    void toStringMasksThePassword() {
        ClientOptions options = HeraldClient.builder().clientId("a").credentials("alice", "s3cret").options();
        assertFalse(options.toString().contains("s3cret"), options.toString());
        assertTrue(options.toString().contains("alice"));
    }
}
