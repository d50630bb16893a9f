package dev.herald.broker.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** With users, a client id belongs to the user who created its session. */
class SessionOwnershipTest extends ServerFixture {

    @TempDir
    Path dir;

    private void startWithUsers() throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "alice = " + hash("wonderland") + "\nbob = " + hash("builder") + "\n");
        start(b -> b.users(users));
    }

    private LineClient as(String clientId, String user, String password, String verb) throws IOException {
        LineClient c = connect();
        c.send(verb + " " + clientId + " " + user + " " + password);
        return c;
    }

    @Test
    void anotherUserCanNeitherTakeOverNorReplaceNorResumeASession() throws IOException {
        startWithUsers();
        LineClient bob = as("bob-phone", "bob", "builder", "CONN");
        bob.expect("CONN_ACK NEW 0");
        bob.send("SUB NEWS").expect("SUB_ACK NEWS 0");

        as("bob-phone", "alice", "wonderland", "CONN").expectError("NOT_AUTHORIZED");
        as("bob-phone", "alice", "wonderland", "RECON").expectError("NOT_AUTHORIZED");
        bob.send("PING").expect("PONG"); // still online, untouched

        bob.send("DISC").expect("DISC_ACK");
        LineClient pub = as("pub", "alice", "wonderland", "CONN");
        pub.expect("CONN_ACK NEW 0");
        pub.send("PUB NEWS for bob").expect("PUB_ACK NEWS 1");
        as("bob-phone", "alice", "wonderland", "RECON").expectError("NOT_AUTHORIZED"); // its queue stays bob's

        LineClient back = as("bob-phone", "bob", "builder", "RECON");
        back.expect("CONN_ACK RESUMED 1");
        back.expectPrefix("MSG NEWS 1 ");
    }

    @Test
    void anExpiredSessionsIdIsFreeForAnyUser() throws IOException {
        startWithUsers();
        as("shared", "bob", "builder", "CONN").expect("CONN_ACK NEW 0");
        LineClient bob = as("shared", "bob", "builder", "RECON");
        bob.expect("CONN_ACK RESUMED 0");
        bob.send("DISC").expect("DISC_ACK");
        clock.advance(HeraldServer.Builder.DEFAULT_SESSION_EXPIRY.plus(Duration.ofSeconds(1)));
        as("shared", "alice", "wonderland", "RECON").expect("CONN_ACK NEW 0");
    }
}
