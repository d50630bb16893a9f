package dev.herald.broker.server.internal;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Builds the server's TLS context from a keystore file. */
public final class Tls {

    private Tls() {
    }

    /**
     * @throws IllegalArgumentException when the keystore cannot be read; the message names the property
     */
    public static SSLContext serverContext(Path keystore, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance(keystore.toFile(), pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("broker.tls.keystore: cannot load " + keystore + ": " + e.getMessage(), e);
        }
    }
}
