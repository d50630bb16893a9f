package dev.herald.cli;

import dev.herald.broker.client.ClientOptions;
import dev.herald.broker.client.HeraldClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;

/** How {@code herald pub} and {@code herald sub} reach the broker. */
final class ConnectionOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = ClientOptions.DEFAULT_HOST,
            description = "The broker's host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + ClientOptions.DEFAULT_PORT,
            description = "The broker's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls", description = "Speak TLS; the server's certificate must be trusted (see --cafile) and name the host.")
    boolean tls;

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "Trust the certificates in this PEM or DER file (implies --tls); default: the JDK's authorities, or javax.net.ssl.trustStore.")
    Path caFile;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "The user, for a broker that requires authentication.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "A file whose first line is the user's password.")
    Path passwordFile;

    @Option(names = {"-i", "--id"}, paramLabel = "CLIENT_ID",
            description = "The client id (default: herald-<command>-<process id>).")
    String clientId;

    /** A client with these options, not connected yet. */
    HeraldClient.Builder client(String command) {
        HeraldClient.Builder builder;
        try {
            builder = HeraldClient.builder().host(host).port(port)
                    .clientId(clientId != null ? clientId : "herald-" + command + "-" + ProcessHandle.current().pid());
            if (user != null || passwordFile != null) {
                builder.credentials(required(user, "--password-file needs --user"),
                        password(required(passwordFile, "--user needs --password-file"), mixee));
            }
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        if (tls || caFile != null) {
            builder.tls(tlsContext());
        }
        return builder;
    }

    /** The first line of a password file. */
    static String password(Path file, CommandSpec command) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.getFirst().isEmpty()) {
                throw new ParameterException(command.commandLine(), "the password file " + file + " is empty");
            }
            return lines.getFirst();
        } catch (IOException e) {
            throw new ParameterException(command.commandLine(), "cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    private SSLContext tlsContext() {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                int n = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("ca-" + n++, certificate);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw bad("cannot read the certificates of --cafile " + caFile + ": " + e.getMessage());
        }
    }

    private <T> T required(T value, String message) {
        if (value == null) {
            throw bad(message);
        }
        return value;
    }

    private ParameterException bad(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
