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
        assertTrue(options.verifyHostname());
        assertNull(options.tls());
        assertNull(options.user());
    }

    @Test
    void theDefaultsAreTheNamedConstants() {
        ClientOptions options = HeraldClient.builder().clientId("publisher-1").options();
        assertEquals(ClientOptions.DEFAULT_HOST, options.host());
        assertEquals(ClientOptions.DEFAULT_PORT, options.port());
        assertEquals(ClientOptions.DEFAULT_CONNECT_TIMEOUT, options.connectTimeout());
        assertEquals(ClientOptions.DEFAULT_REQUEST_TIMEOUT, options.requestTimeout());
        assertEquals(ClientOptions.DEFAULT_KEEP_ALIVE, options.keepAlive());
        assertEquals(ClientOptions.DEFAULT_VERIFY_HOSTNAME, options.verifyHostname());
    }

    @Test
    void aRefusedValueNamesItsBoundsAndLeavesTheBuilderAsItWas() {
        HeraldClient.Builder b = HeraldClient.builder().clientId("publisher-1").port(4000);
        assertEquals("port must be between 1 and 65535: 65536",
                assertThrows(IllegalArgumentException.class, () -> b.port(65536)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.clientId("x".repeat(65)))
                .getMessage().contains("1 to 64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.host(" ")).getMessage().startsWith("host"));
        assertEquals("connectTimeout must be positive: PT-1S",
                assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ofSeconds(-1))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.keepAlive(Duration.ofMillis(-1)))
                .getMessage().contains("keepAlive must be zero (off) or positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.credentials("alice", "pass word"))
                .getMessage().startsWith("password"));
        assertThrows(NullPointerException.class, () -> b.requestTimeout(null));

        ClientOptions options = b.options();
        assertEquals(4000, options.port());
        assertEquals("publisher-1", options.clientId());
        assertEquals(ClientOptions.DEFAULT_CONNECT_TIMEOUT, options.connectTimeout());
        assertNull(options.user());
    }

    @Test
    void optionsMadeDirectlyAreCheckedAsTheBuilderChecksThem() {
        ClientOptions good = HeraldClient.builder().clientId("publisher-1").options();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientOptions(
                good.host(), 0, good.clientId(), null, null, good.connectTimeout(), good.requestTimeout(),
                null, good.keepAlive(), null, null, null, true));
        assertEquals("port must be between 1 and 65535: 0", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClientOptions(
                good.host(), good.port(), good.clientId(), "alice", null, good.connectTimeout(), good.requestTimeout(),
                null, good.keepAlive(), null, null, null, true)).getMessage().contains("together"));
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
