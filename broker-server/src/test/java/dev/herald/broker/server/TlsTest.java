package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCP transport serves TLS when given a keystore. */
class TlsTest extends ServerFixture {

    /** A PKCS12 key pair for localhost made by the JDK's keytool, password changeit. */
    static Path keystore(Path dir) throws Exception {
        return dev.herald.testsupport.TestKeys.keystore(dir);
    }

    @Test
    void closesAConnectionThatDoesNotCompleteItsHandshakeWithinTheConnectTimeout(@TempDir Path dir) throws Exception {
        Path keystore = keystore(dir);
        start(b -> b.tls(keystore, "changeit").connectTimeout(Duration.ofSeconds(10)));
        LineClient stalled = connect(); // TCP only: no ClientHello ever comes
        stalled.socket().setSoTimeout(20);
        Await.until("the server closes the connection", () -> {
            clock.advance(Duration.ofSeconds(1));
            try {
                return stalled.socket().getInputStream().read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (java.io.IOException e) {
                return true;
            }
        });
    }

    @Test
    void speaksTheProtocolOverTls(@TempDir Path dir) throws Exception {
        Path keystore = keystore(dir);
        start(b -> b.tls(keystore, "changeit"));

        KeyStore trust = KeyStore.getInstance(keystore.toFile(), "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
        try (LineClient c = new LineClient(socket)) {
            c.send("CONN secure-client").expect("CONN_ACK NEW 0");
            c.send("PUB NEWS encrypted").expect("PUB_ACK NEWS 1");
        }

        try (LineClient plain = LineClient.connect(server.port())) {
            plain.send("CONN plain-client");
            InputStream in = plain.socket().getInputStream();
            int first = in.read();
            assertTrue(first != 'C', "a plain client gets no protocol answer from a TLS port");
        } catch (java.io.IOException expected) {
            assertEquals(expected.getClass().getPackageName(), "java.net");
        }
    }
}
