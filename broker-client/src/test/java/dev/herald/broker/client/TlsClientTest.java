package dev.herald.broker.client;

import dev.herald.broker.server.HeraldServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client speaks TLS to a server that serves it, and checks whom it speaks to. */
class TlsClientTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void publishesOverTlsToAServerItTrusts() throws Exception {
        Path keystore = selfSignedKeystore("localhost", "dns:localhost,ip:127.0.0.1");
        try (HeraldServer server = tlsServer(keystore); HeraldClient client = client(server, trusting(keystore))) {
            client.connect();
            assertEquals(1, client.publish("NEWS", "encrypted"));
        }
    }

    @Test
    void refusesAServerWhoseCertificateIsNotTrusted() throws Exception {
        Path keystore = selfSignedKeystore("localhost", "dns:localhost");
        try (HeraldServer server = tlsServer(keystore); HeraldClient client = client(server, SSLContext.getDefault())) {
            ConnectionException e = assertThrows(ConnectionException.class, client::connect);
            assertTrue(e.getMessage().startsWith("could not connect to localhost:" + server.port()), e.getMessage());
        }
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHost() throws Exception {
        Path keystore = selfSignedKeystore("elsewhere.example", "dns:elsewhere.example");
        try (HeraldServer server = tlsServer(keystore); HeraldClient client = client(server, trusting(keystore))) {
            assertThrows(ConnectionException.class, client::connect);
        }
    }

    private HeraldServer tlsServer(Path keystore) throws Exception {
        return HeraldServer.builder().host("127.0.0.1").port(0).tls(keystore, PASSWORD).build().start();
    }

    private static HeraldClient client(HeraldServer server, SSLContext tls) {
        return HeraldClient.builder().host("localhost").port(server.port()).clientId("tls-client").tls(tls).build();
    }

    private Path selfSignedKeystore(String name, String subjectAlternativeNames) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "herald", "-keyalg", "EC",
                "-dname", "CN=" + name, "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool made a keystore");
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStore.getInstance(keystore.toFile(), PASSWORD.toCharArray()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
