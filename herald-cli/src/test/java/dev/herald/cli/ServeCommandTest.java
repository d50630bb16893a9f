package dev.herald.cli;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.server.HeraldServer;
import dev.herald.cli.Cli.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.herald.cli.Cli.herald;
import static dev.herald.cli.PubCommandTest.assertBad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code herald serve}: the flags reach the server, and it runs until it is closed. */
class ServeCommandTest {

    private final CompletableFuture<HeraldServer> started = new CompletableFuture<>();
    private CompletableFuture<Result> run;

    /** Starts herald serve on a free port of 127.0.0.1 with these further arguments. */
    private HeraldServer serve(String... args) throws Exception {
        String[] all = new String[args.length + 5];
        System.arraycopy(new String[] {"serve", "--host", "127.0.0.1", "--port", "0"}, 0, all, 0, 5);
        System.arraycopy(args, 0, all, 5, args.length);
        run = Cli.background(new ServeCommand(started::complete)).start(all);
        return CompletableFuture.anyOf(started, run).thenApply(x -> started.getNow(null)).get(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (started.isDone()) {
            started.get().close();
            assertEquals(0, run.get(20, TimeUnit.SECONDS).status(), "serve ends with 0 once the server is closed");
        }
    }

    @Test
    void everyServerOptionIsAFlag() throws Exception {
        HeraldServer server = serve("--offline.ttl", "5s", "--topics", "*", "--store", "memory");
        assertEquals(Duration.ofSeconds(5), server.offlineTtl());
        assertEquals("memory", server.storeName());
        try (HeraldClient client = client(server).build()) {
            client.connect();
            assertEquals(1, client.publish("any/topic", "accepted"));
        }
    }

    @Test
    void laterSourcesWinConfigFileThenOptionsThenFlags(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("herald.properties"),
                "broker.offline.ttl = 7s\nbroker.store = jdbc\nbroker.jdbc.url = jdbc:h2:mem:from-the-file\n");
        HeraldServer fromTheFile = serve("-c", config.toString(), "--option", "offline.ttl=8s");
        assertEquals(Duration.ofSeconds(8), fromTheFile.offlineTtl());
        assertEquals("jdbc", fromTheFile.storeName());
    }

    @Test
    void flagsWinOverOptions() throws Exception {
        HeraldServer server = serve("-Dbroker.offline.ttl=8s", "--offline.ttl", "9s");
        assertEquals(Duration.ofSeconds(9), server.offlineTtl());
    }

    @Test
    void userAndPasswordFileRequireThatUser(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        HeraldServer server = serve("--user", "alice", "--password-file", password.toString());
        try (HeraldClient alice = client(server).credentials("alice", "s3cret").build();
             HeraldClient stranger = client(server).clientId("stranger").build()) {
            alice.connect();
            assertTrue(alice.isConnected());
            ServerErrorException e = assertThrows(ServerErrorException.class, stranger::connect);
            assertEquals(ErrorCode.BAD_CREDENTIALS, e.code());
        }
    }

    @Test
    void aPortInUseFailsWithOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = herald("serve", "--host", "127.0.0.1", "--port", "" + taken.getLocalPort());
            assertEquals(1, r.status());
            assertTrue(r.err().startsWith("herald serve: Herald could not start: "), r.err());
        }
    }

    @Test
    void helpListsEveryServerOption() {
        String help = herald("serve", "--help").out();
        for (String name : HeraldServer.Builder.optionNames()) {
            assertTrue(help.contains("--" + name + "=VALUE"), name + " in " + help);
        }
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitWithTwo(@TempDir Path dir) {
        assertBad("broker.offline.ttl: 'soon' is not a duration (use 500ms, 30s, 2m, 24h, 7d or ISO-8601 such as PT30S)",
                "serve", "--offline.ttl", "soon");
        assertBad("Unknown options: '--no-such-option', '1'", "serve", "--no-such-option", "1");
        assertBad("--tls needs --tls.keystore", "serve", "--tls");
        assertBad("--user and --password-file go together", "serve", "--user", "alice");
        assertBad("cannot read the --config file " + dir.resolve("none") + ": " + dir.resolve("none"),
                "serve", "-c", dir.resolve("none").toString());
    }

    private static HeraldClient.Builder client(HeraldServer server) {
        return HeraldClient.builder().host("127.0.0.1").port(server.port()).clientId("serve-test");
    }
}
