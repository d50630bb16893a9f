package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The connection limit and credentials on a server without users; slow consumers are in {@link FlowControlTest}. */
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
    void ignoresCredentialsWhenNoUsersAreConfigured() throws IOException {
        start();
        LineClient c = connect();
        c.send("CONN anyone any thing").expect("CONN_ACK NEW 0");
    }
}
