package dev.herald.broker.server;

import dev.herald.broker.server.internal.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code broker.listeners}: several listeners on one engine. */
class ListenersTest {

    @Test
    void twoLineProtocolListenersServeOneEngine() throws Exception {
        try (HeraldServer server = HeraldServer.builder()
                .listeners("herald://127.0.0.1:0, herald://127.0.0.1:0").build().start()) {
            List<String> listeners = server.listeners();
            assertEquals(2, listeners.size());
            int first = Integer.parseInt(listeners.get(0).substring(listeners.get(0).lastIndexOf(':') + 1));
            int second = Integer.parseInt(listeners.get(1).substring(listeners.get(1).lastIndexOf(':') + 1));
            assertTrue(first > 0 && second > 0 && first != second, listeners.toString());
            assertEquals(first, server.port("herald"));
            try (LineClient sub = LineClient.session(first, "sub");
                 LineClient pub = LineClient.session(second, "pub")) {
                sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
                pub.send("PUB NEWS across listeners").expect("PUB_ACK NEWS 1");
                assertTrue(sub.next().endsWith(" across listeners"));
            }
        }
    }

    @Test
    void aPlainAndATlsListenerTogether(@TempDir Path dir) throws Exception {
        Path keystore = TlsTest.keystore(dir);
        try (HeraldServer server = HeraldServer.builder().tls(keystore, "changeit")
                .listeners("herald://127.0.0.1:0,heralds://127.0.0.1:0").build().start()) {
            try (LineClient plain = LineClient.session(server.port("herald"), "plain")) {
                plain.send("PUB NEWS in the clear").expect("PUB_ACK NEWS 1");
            }
            KeyStore trust = KeyStore.getInstance(keystore.toFile(), "changeit".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port("heralds"));
            try (LineClient secure = new LineClient(socket)) {
                secure.send("CONN secure").expect("CONN_ACK NEW 0");
                secure.send("PUB NEWS encrypted").expect("PUB_ACK NEWS 2");
            }
        }
    }

    @Test
    void theDefaultIsTheLineProtocolOnBrokerPort() throws Exception {
        try (HeraldServer server = HeraldServer.builder().host("127.0.0.1").port(0).build().start()) {
            assertEquals(List.of("herald://127.0.0.1:" + server.port()), server.listeners());
            assertEquals(server.port(), server.port("herald"));
        }
    }

    @Test
    void badListenersAreRefusedWithAClearMessage() {
        IllegalArgumentException form = assertThrows(IllegalArgumentException.class,
                () -> HeraldServer.builder().listeners("127.0.0.1:1883"));
        assertTrue(form.getMessage().contains("scheme://host:port"), form.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeraldServer.builder().listeners(" , "));
        assertThrows(IllegalArgumentException.class, () -> HeraldServer.builder().listeners("herald://127.0.0.1:70000"));

        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class,
                () -> HeraldServer.builder().listeners("heralds://127.0.0.1:0").build().start());
        assertTrue(tls.getMessage().contains("broker.tls.keystore"), tls.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> HeraldServer.builder().listeners("gopher://127.0.0.1:0").build().start());
        assertTrue(unknown.getMessage().contains("gopher"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HeraldServer.builder().listeners("mqtt://127.0.0.1:0").build().start());
        assertTrue(missing.getMessage().contains("transport-mqtt"), missing.getMessage());
    }

    @Test
    void webSocketListenersHaveAPath() {
        assertEquals(new Listener("ws", "0.0.0.0", 8080, "/mqtt"), Listener.parse("ws://0.0.0.0:8080"));
        assertEquals("ws://0.0.0.0:8080/mqtt", Listener.parse("ws://0.0.0.0:8080").toString());
        Listener secure = Listener.parse("WSS://[::1]:8443/brokers/herald");
        assertEquals(new Listener("wss", "::1", 8443, "/brokers/herald"), secure);
        assertEquals("wss://[::1]:8443/brokers/herald", secure.toString());
        assertTrue(secure.secure() && secure.webSocket());
        assertTrue(!Listener.parse("ws://h:1/").secure(), "ws is plain, though it ends in s");
        assertEquals("mqtt://h:1", Listener.parse("mqtt://h:1").toString());

        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> HeraldServer.builder().listeners("mqtt://127.0.0.1:1883/mqtt"));
        assertTrue(path.getMessage().contains("only ws:// and wss:// listeners have a path"), path.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeraldServer.builder().listeners("ws://127.0.0.1:80/mqtt?x=1"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HeraldServer.builder().listeners("ws://127.0.0.1:0").build().start());
        assertTrue(missing.getMessage().contains("no protocol serves ws://")
                && missing.getMessage().contains("transport-mqtt"), missing.getMessage());
    }

    @Test
    void theSystemPropertyNamesTheListeners() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("broker.listeners", "herald://127.0.0.1:0");
        try (HeraldServer server = HeraldServer.Builder.fromProperties(p).build().start()) {
            assertTrue(server.port("herald") > 0);
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> server.port("mqtt"));
            assertTrue(none.getMessage().contains("no mqtt:// listener"), none.getMessage());
        }
    }
}
