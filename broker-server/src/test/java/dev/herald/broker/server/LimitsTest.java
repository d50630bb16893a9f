package dev.herald.broker.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The connection limit and authentication; slow consumers are in {@link FlowControlTest}. */
class LimitsTest extends ServerFixture {

    @Test
    void refusesConnectionsOverTheLimitWithServerBusy() throws IOException {
        start(b -> b.maxConnections(3));
        List<LineClient> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(session("c" + i));
        }
        for (int i = 0; i < 200; i++) { // a flood: every one is refused, none gets through
            LineClient extra = connect();
            extra.expectError("SERVER_BUSY");
            extra.expectClosed();
        }
        held.getFirst().close();
        Await.until("a place frees up", () -> server.connectionCount() < 3);
        session("later").send("PING").expect("PONG");
    }

    @Test
    void requiresCredentialsWhenUsersAreConfigured(@TempDir Path dir) throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, """
                alice = wonderland
                bob = {sha256}5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
                bob.publish = NEWS
                bob.subscribe = WEATHER
                """);
        start(b -> b.users(users));
        LineClient anonymous = connect();
        anonymous.send("CONN someone").expectError("BAD_CREDENTIALS");
        anonymous.expectClosed();
        LineClient wrong = connect();
        wrong.send("CONN someone alice guess").expectError("BAD_CREDENTIALS");
        wrong.expectClosed();

        LineClient alice = connect();
        alice.send("CONN a1 alice wonderland").expect("CONN_ACK NEW 0");
        alice.send("PUB WEATHER sunny").expect("PUB_ACK WEATHER 1");

        LineClient bob = connect();
        bob.send("CONN b1 bob password").expect("CONN_ACK NEW 0");
        bob.send("PUB WEATHER rain").expectError("NOT_AUTHORIZED");
        bob.send("SUB NEWS").expectError("NOT_AUTHORIZED");
        bob.send("PUB NEWS ok").expect("PUB_ACK NEWS 2");
        bob.send("SUB WEATHER").expect("SUB_ACK WEATHER 1");
    }

    @Test
    void ignoresCredentialsWhenNoUsersAreConfigured() throws IOException {
        start();
        LineClient c = connect();
        c.send("CONN anyone any thing").expect("CONN_ACK NEW 0");
    }
}
