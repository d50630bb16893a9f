package dev.herald.broker.server.internal;

import dev.herald.broker.server.HeraldServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;

/** Builds the server's TLS context and parameters from keystore files. */
public final class Tls {

    /** The protocol versions the server offers, newest first: nothing older than TLS 1.2. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private Tls() {
    }

    /**
     * @param truststore the certificates that sign client certificates, or null to trust none
     * @throws IllegalArgumentException when a store cannot be read; the message names the property
     */
    public static SSLContext serverContext(Path keystore, String password, Path truststore, String truststorePassword) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load("broker.tls.keystore", keystore, password), chars(password));
            TrustManager[] trust = null;
            if (truststore != null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load("broker.tls.truststore", truststore, truststorePassword));
                trust = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("broker.tls.keystore: cannot use " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String property, Path file, String password) {
        try {
            return KeyStore.getInstance(file.toFile(), chars(password));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(property + ": cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    /** What the server's TLS sockets are set to: TLS 1.2 and 1.3 only, and its client certificate rule. */
    public static SSLParameters parameters(SSLContext context, HeraldServer.ClientAuth clientAuth) {
        SSLParameters p = new SSLParameters();
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        p.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        switch (clientAuth) {
            case NEED -> p.setNeedClientAuth(true);
            case WANT -> p.setWantClientAuth(true);
            case NONE -> p.setNeedClientAuth(false);
        }
        return p;
    }
}
