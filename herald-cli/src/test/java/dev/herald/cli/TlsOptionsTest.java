package dev.herald.cli;

import dev.herald.cli.Cli.Result;
import dev.herald.junit.HeraldExtension;
import dev.herald.junit.HeraldPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.herald.cli.Cli.herald;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --tls} and {@code --cafile}: pub and sub speak TLS to a broker that serves it. */
class TlsOptionsTest {

    private static final Path DIR = temporaryFolder();
    private static final Path KEYSTORE = DIR.resolve("broker.p12");
    private static final Path CERTIFICATE = DIR.resolve("broker.pem");

    @RegisterExtension
    static final HeraldExtension HERALD = HeraldExtension.builder()
            .configure(server -> server.tls(selfSigned(), "changeit")).build();

    @Test
    void pubAndSubSpeakTlsToABrokerTheyTrust(@HeraldPort int port) {
        String[] connection = {"--host", "localhost", "-p", "" + port, "--cafile", CERTIFICATE.toString()};
        Result pub = herald(Stream.concat(Stream.of("pub", "-t", "NEWS", "-m", "sealed"), Stream.of(connection)).toArray(String[]::new));
        assertEquals(0, pub.status(), pub.err());
        Result sub = herald(Stream.concat(Stream.of("sub", "-t", "NEWS", "-C", "1"), Stream.of(connection)).toArray(String[]::new));
        assertEquals(new Result(0, "sealed\n", ""), sub);
    }

    @Test
    void aBrokerWhoseCertificateIsNotTrustedIsAFailure(@HeraldPort int port) {
        Result r = herald("pub", "--tls", "--host", "localhost", "-p", "" + port, "-t", "NEWS", "-m", "x");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("herald pub: ") && r.err().contains("localhost:" + port), r.err());
    }

    private static Path selfSigned() {
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", KEYSTORE.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", KEYSTORE.toString(), "-storepass", "changeit",
                "-file", CERTIFICATE.toString());
        return KEYSTORE;
    }

    private static void keytool(String... args) {
        List<String> command = Stream.concat(Stream.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()),
                Stream.of(args)).toList();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("herald-tls");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
