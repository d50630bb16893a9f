package dev.herald.broker.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Failed logins are answered later and later; successful ones at once. */
class ThrottlingTest extends ServerFixture {

    @Test
    void aWrongPasswordWaitsForTheClockWhileARightOneIsAnsweredAtOnce(@TempDir Path dir) throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "alice = " + hash("wonderland") + "\n");
        start(b -> b.users(users));

        LineClient first = connect();
        first.send("CONN guesser-1 alice guess-1").expectError("BAD_CREDENTIALS"); // the first, at once
        first.expectClosed();

        LineClient second = connect();
        second.send("CONN guesser-2 alice guess-2");
        LineClient alice = connect();
        alice.send("CONN alice-1 alice wonderland").expect("CONN_ACK NEW 0");
        alice.send("PUB NEWS the server goes on").expect("PUB_ACK NEWS 1");
        assertFalse(second.hasInput(), "the second wrong password is not answered before the clock moves");

        clock.advance(Duration.ofMillis(49));
        alice.send("PING").expect("PONG");
        assertFalse(second.hasInput(), "nor before its delay of 50 ms has passed");
        expectRefused(second);
    }
}
