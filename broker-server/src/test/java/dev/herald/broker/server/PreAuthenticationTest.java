package dev.herald.broker.server;

import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Connections that have not logged in: the connect timeout and the cap per source address. */
class PreAuthenticationTest extends ServerFixture {

    @Test
    void closesAConnectionThatDoesNotLogInWithinTheConnectTimeout() throws IOException {
        start(b -> b.connectTimeout(Duration.ofSeconds(5)));
        LineClient silent = connect();
        LineClient pinging = connect();
        pinging.send("PING").expect("PONG");
        LineClient client = session("logged-in");

        clock.advance(Duration.ofMillis(4_999));
        client.send("PING").expect("PONG");
        pinging.send("PING").expect("PONG");

        clock.advance(Duration.ofMillis(1));
        silent.expectClosed();
        pinging.expectClosed(); // activity is no login
        client.send("PING").expect("PONG");
        clock.advance(Duration.ofSeconds(60));
        client.send("PUB NEWS still here").expect("PUB_ACK NEWS 1");
    }

    @Test
    void capsTheConnectionsOfOneAddressThatHaveNotLoggedIn() throws IOException {
        start(b -> b.maxUnauthenticatedPerAddress(3));
        List<LineClient> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(connect());
            waiting.getLast().send("PING").expect("PONG");
        }
        LineClient extra = connect();
        extra.expectError("SERVER_BUSY");
        extra.expectClosed();

        waiting.getFirst().send("CONN first").expect("CONN_ACK NEW 0"); // logged in: no longer counted
        LineClient next = connect();
        next.send("CONN next").expect("CONN_ACK NEW 0");
        for (int i = 0; i < 10; i++) {
            session("normal-" + i).send("PING").expect("PONG"); // clients that log in at once are never refused
        }
        waiting.get(1).close();
        Await.until("a closed connection frees its place", () -> {
            try (LineClient again = LineClient.connect(server.port())) {
                again.send("PING");
                return again.next().equals("PONG");
            } catch (IOException | AssertionError e) {
                return false;
            }
        });
    }

    @Test
    void countsEachAddressApart() throws IOException {
        start(b -> b.maxUnauthenticatedPerAddress(1));
        LineClient first = connect();
        first.send("PING").expect("PONG");
        Socket other = new Socket();
        try {
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            other.connect(new InetSocketAddress("127.0.0.1", server.port()));
        } catch (IOException e) {
            other.close();
            Assumptions.abort("this machine has no second loopback address: " + e.getMessage());
        }
        try (LineClient second = new LineClient(other)) {
            second.send("CONN from-another-address").expect("CONN_ACK NEW 0");
        }
        LineClient sameAddress = connect();
        sameAddress.expectError("SERVER_BUSY");
    }
}
