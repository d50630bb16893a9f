package dev.herald.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/** Keys for TLS tests, made by the JDK's own {@code keytool}. */
public final class TestKeys {

    /** The password of every keystore made here. */
    public static final String PASSWORD = "changeit";

    private TestKeys() {
    }

    /** A PKCS12 keystore in {@code dir} with a self-signed EC key pair for {@code localhost}, valid 2 days. */
    public static Path keystore(Path dir) throws IOException, InterruptedException {
        Path keystore = dir.resolve("herald.p12");
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow())
                .resolveSibling("keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "herald", "-keyalg", "EC", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(keystore)) {
            throw new AssertionError("keytool did not make a keystore");
        }
        return keystore;
    }

    /** A TLS context that trusts the certificates of a keystore made by {@link #keystore}. */
    public static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(keystore.toFile(), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
