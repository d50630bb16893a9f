package dev.herald.broker.client;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key pairs made for a test by the JDK's keytool: each one a PKCS12 file with a private key and
 * its self-signed certificate, password {@value #PASSWORD}. The JDK trusts the certificate of a
 * key entry, so each file also serves as a truststore that trusts exactly its own certificate.
 */
final class Keys {

    static final String PASSWORD = "changeit";

    private Keys() {
    }

    /**
     * @param dname the certificate's subject, such as {@code CN=localhost}
     * @param san   its subject alternative names, such as {@code dns:localhost,ip:127.0.0.1}, or null
     */
    static Path keyPair(Path dir, String name, String dname, String san) throws Exception {
        Path file = dir.resolve(name + ".p12");
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString();
        List<String> command = new ArrayList<>(List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD));
        if (san != null) {
            command.addAll(List.of("-ext", "SAN=" + san));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool made " + file);
        return file;
    }

    /** A client's TLS context: it trusts {@code trust}, and offers the key pair {@code key} if not null. */
    static SSLContext context(Path key, Path trust) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStore.getInstance(trust.toFile(), PASSWORD.toCharArray()));
        KeyManagerFactory kmf = null;
        if (key != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(KeyStore.getInstance(key.toFile(), PASSWORD.toCharArray()), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
