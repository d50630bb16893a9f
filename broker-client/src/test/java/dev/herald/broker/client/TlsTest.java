package dev.herald.broker.client;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.server.HeraldServer;
import dev.herald.broker.server.Passwd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client over TLS, and the server's TLS: versions, hostnames, client certificates. */
class TlsTest {

    @TempDir
    static Path keys;
    /** The server's key pair, for localhost and 127.0.0.1. */
    static Path server;
    /** A key pair whose certificate names another host. */
    static Path elsewhere;
    /** Clients' key pairs: carol's subject is mapped to a user, dave's is not. */
    static Path carol;
    static Path dave;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        server = Keys.keyPair(keys, "server", "CN=localhost", "dns:localhost,ip:127.0.0.1");
        elsewhere = Keys.keyPair(keys, "elsewhere", "CN=broker.example", "dns:broker.example");
        carol = Keys.keyPair(keys, "carol", "CN=carol, O=Herald Test", null);
        dave = Keys.keyPair(keys, "dave", "CN=dave, O=Herald Test", null);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private HeraldServer start(HeraldServer.Builder builder) throws IOException {
        HeraldServer s = builder.host("127.0.0.1").port(0).topics(List.of("*")).build().start();
        toClose.add(s);
        return s;
    }

    private HeraldClient client(HeraldServer target, HeraldClient.Builder builder) {
        HeraldClient c = builder.port(target.port()).build();
        toClose.add(c);
        return c;
    }

    /** A server that asks for client certificates, trusting carol's and dave's, with carol mapped to a user. */
    private HeraldServer certificateServer(HeraldServer.ClientAuth clientAuth) throws Exception {
        Path truststore = keys.resolve("clients-" + clientAuth + ".p12");
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (Path client : List.of(carol, dave)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance(client.toFile(), Keys.PASSWORD.toCharArray());
            String alias = ks.aliases().nextElement();
            trust.setCertificateEntry(alias, ks.getCertificate(alias));
        }
        try (var out = Files.newOutputStream(truststore)) {
            trust.store(out, Keys.PASSWORD.toCharArray());
        }
        Path users = keys.resolve("users-" + clientAuth + ".properties");
        Files.writeString(users, "alice = " + Passwd.hash("wonderland".toCharArray()) + "\n"
                + "carol =\ncarol.certificate = CN=carol,O=Herald Test\ncarol.publish = carol/#\n");
        return start(HeraldServer.builder().tls(server, Keys.PASSWORD).tlsClientAuth(clientAuth)
                .tlsTruststore(truststore, Keys.PASSWORD).users(users));
    }

    @Test
    void connectsOverTlsTrustingATruststore() throws Exception {
        HeraldServer s = start(HeraldServer.builder().tls(server, Keys.PASSWORD));
        HeraldClient c = client(s, HeraldClient.builder().host("localhost").clientId("secure").tls(server, Keys.PASSWORD));
        c.connect();
        assertEquals(1, c.publish("NEWS", "over TLS"));
    }

    @Test
    void verifiesTheServersHostNameByDefault() throws Exception {
        HeraldServer s = start(HeraldServer.builder().tls(elsewhere, Keys.PASSWORD));
        HeraldClient strict = client(s, HeraldClient.builder().host("127.0.0.1").clientId("strict").tls(elsewhere, Keys.PASSWORD));
        ConnectionException e = assertThrows(ConnectionException.class, strict::connect);
        assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());

        HeraldClient lenient = client(s, HeraldClient.builder().host("127.0.0.1").clientId("lenient")
                .tls(elsewhere, Keys.PASSWORD).verifyHostname(false));
        lenient.connect();
        assertEquals(1, lenient.publish("NEWS", "any trusted certificate"));
    }

    @Test
    void trustsWhatTheJdkTrustsByDefault() throws Exception {
        HeraldServer s = start(HeraldServer.builder().tls(server, Keys.PASSWORD));
        HeraldClient c = client(s, HeraldClient.builder().host("localhost").clientId("default-trust").tls());
        ConnectionException e = assertThrows(ConnectionException.class, c::connect, "a self-signed server is not trusted");
        assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
    }

    @Test
    void offersTls12And13Only() throws Exception {
        HeraldServer s = start(HeraldServer.builder().tls(server, Keys.PASSWORD));
        assertEquals("TLSv1.3", handshake(s, null));
        assertEquals("TLSv1.2", handshake(s, "TLSv1.2"));
        assertThrows(IOException.class, () -> handshake(s, "TLSv1.1"));
    }

    /** The protocol a raw TLS socket offering only {@code protocol} (or the defaults) agrees on. */
    private String handshake(HeraldServer s, String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) Keys.context(null, server).getSocketFactory().createSocket("127.0.0.1", s.port())) {
            if (protocol != null) {
                socket.setEnabledProtocols(new String[] {protocol});
            }
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    @Test
    void aClientCertificateLogsInAsTheUserItsSubjectIsMappedTo() throws Exception {
        HeraldServer s = certificateServer(HeraldServer.ClientAuth.NEED);
        HeraldClient c = client(s, HeraldClient.builder().host("localhost").clientId("carol-1").tls(Keys.context(carol, server)));
        c.connect();
        assertEquals(1, c.publish("carol/notes", "no password needed"));
        assertEquals(ErrorCode.NOT_AUTHORIZED, assertThrows(ServerErrorException.class,
                () -> c.publish("NEWS", "carol's permissions apply")).code());

        HeraldClient unmapped = client(s, HeraldClient.builder().host("localhost").clientId("dave-1").tls(Keys.context(dave, server)));
        ServerErrorException refused = assertThrows(ServerErrorException.class, unmapped::connect);
        assertEquals(ErrorCode.BAD_CREDENTIALS, refused.code());
        assertTrue(refused.text().contains("CN=dave"), refused.text());

        HeraldClient withoutCertificate = client(s, HeraldClient.builder().host("localhost").clientId("x")
                .credentials("alice", "wonderland").tls(server, Keys.PASSWORD));
        assertThrows(HeraldException.class, withoutCertificate::connect, "a certificate is required");
    }

    @Test
    void wantedClientCertificatesLeavePasswordsWorking() throws Exception {
        HeraldServer s = certificateServer(HeraldServer.ClientAuth.WANT);
        HeraldClient alice = client(s, HeraldClient.builder().host("localhost").clientId("alice-1")
                .credentials("alice", "wonderland").tls(server, Keys.PASSWORD));
        alice.connect();
        assertEquals(1, alice.publish("NEWS", "with a password"));
        HeraldClient c = client(s, HeraldClient.builder().host("localhost").clientId("carol-1").tls(Keys.context(carol, server)));
        c.connect();
        assertEquals(2, c.publish("carol/notes", "with a certificate"));
    }

    @Test
    void askingForClientCertificatesNeedsATruststore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeraldServer.builder()
                .tls(server, Keys.PASSWORD).tlsClientAuth(HeraldServer.ClientAuth.NEED).build());
        assertTrue(e.getMessage().contains("broker.tls.client-auth") && e.getMessage().contains("broker.tls.truststore"),
                e.getMessage());
    }
}
