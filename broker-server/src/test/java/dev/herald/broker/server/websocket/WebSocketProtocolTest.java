package dev.herald.broker.server.websocket;

import dev.herald.broker.api.spi.Connection;
import dev.herald.broker.api.spi.Transport;
import dev.herald.broker.api.spi.TransportContext;
import dev.herald.broker.server.internal.Link;
import dev.herald.broker.server.internal.Protocol;
import dev.herald.broker.server.internal.Wire;
import dev.herald.broker.server.tcp.TcpTransportProvider;
import dev.herald.testsupport.Await;
import dev.herald.testsupport.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WebSocketProtocol#open} on the TCP transport, against a client Herald did not write:
 * the JDK's {@link java.net.http.WebSocket}. The carried protocol here echoes what it reads.
 */
class WebSocketProtocolTest {

    /** A carried protocol that needs nothing of the engine: the test reads and writes the opened streams itself. */
    private static final Protocol CARRIED = new Protocol() {
        @Override
        public Wire newWire() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void serve(Link link, InputStream in) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] refusal(String why) {
            return null;
        }
    };

    private final WebSocketProtocol protocol = new WebSocketProtocol(CARRIED, "mqtt", "/mqtt", 1 << 16);
    /** The connections the transport accepted, opened by the protocol (null for a refused one). */
    private final BlockingQueue<Future<Connection>> accepted = new LinkedBlockingQueue<>();
    private final Transport transport = new TcpTransportProvider().create(new TransportContext("127.0.0.1", 0,
            Optional.empty(), connection -> accepted.add(Await.inBackground(() -> open(connection)))));

    /** Opens a connection on a thread of its own, and closes it if refused, as the engine does. */
    private Connection open(Connection connection) throws IOException {
        Connection opened = protocol.open(connection);
        if (opened == null) {
            connection.close();
        }
        return opened;
    }

    @BeforeEach
    void listen() throws IOException {
        transport.start();
    }

    @AfterEach
    void close() {
        transport.close();
    }

    /** The next connection accepted, once the protocol has opened it. */
    private Connection opened() throws Exception {
        Future<Connection> next = accepted.poll(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(next, "no connection accepted");
        return next.get(Await.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + transport.localAddress().getPort() + path);
    }

    /** Echoes what it reads until the stream ends; returns everything it read. */
    private static Future<byte[]> echo(Connection connection) {
        return Await.inBackground(() -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            int n;
            while ((n = connection.input().read(buf)) >= 0) {
                all.write(buf, 0, n);
                connection.output().write(buf, 0, n);
                connection.output().flush();
            }
            return all.toByteArray();
        });
    }

    @Test
    void carriesBytesBothWaysAndClosesWithTheClient() throws Exception {
        WebSocketClient client = WebSocketClient.connect(uri("/mqtt"), null, "mqtt");
        assertEquals("mqtt", client.subprotocol());
        Connection opened = opened();
        Future<byte[]> echoed = echo(opened);

        client.send("one packet".getBytes(StandardCharsets.UTF_8));
        assertEquals("one packet", new String(client.read(10), StandardCharsets.UTF_8));
        client.send("in three".getBytes(StandardCharsets.UTF_8), false);
        client.ping("between".getBytes(StandardCharsets.UTF_8));
        client.send(" frag".getBytes(StandardCharsets.UTF_8), false);
        client.send("ments".getBytes(StandardCharsets.UTF_8), true);
        assertEquals("in three fragments", new String(client.read(18), StandardCharsets.UTF_8));
        assertArrayEquals("between".getBytes(StandardCharsets.UTF_8), client.nextPong());

        client.close(); // a close frame: the server answers it, and its stream ends
        assertEquals(1000, client.awaitClose());
        assertEquals("one packetin three fragments", new String(echoed.get(), StandardCharsets.UTF_8));
        opened.close();
    }

    @Test
    void closingTheConnectionSendsACloseFrame() throws Exception {
        WebSocketClient client = WebSocketClient.connect(uri("/mqtt?client=browser"), null, "mqtt");
        opened().close();
        assertEquals(1000, client.awaitClose());
    }

    @Test
    void aTextFrameIsClosedWith1003() throws Exception {
        WebSocketClient client = WebSocketClient.connect(uri("/mqtt"), null);
        assertEquals("", client.subprotocol(), "offered none, chose none");
        Connection opened = opened();
        Future<byte[]> echoed = echo(opened);
        client.sendText("{\"not\": \"mqtt\"}");
        assertEquals(1003, client.awaitClose());
        ExecutionException failed = assertThrows(ExecutionException.class, echoed::get);
        assertInstanceOf(WebSocketException.class, failed.getCause());
        opened.close();
    }

    @Test
    void aRefusedHandshakeTellsTheClientAndOpensNothing() throws Exception {
        WebSocketClient.Refused refused = assertThrows(WebSocketClient.Refused.class,
                () -> WebSocketClient.connect(uri("/elsewhere"), null, "mqtt"));
        assertEquals(404, refused.status());
        assertNull(opened());

        refused = assertThrows(WebSocketClient.Refused.class,
                () -> WebSocketClient.connect(uri("/mqtt"), null, "wamp.2.json"));
        assertEquals(400, refused.status());
        assertNull(opened());
    }

    @Test
    void aPlainHttpRequestGetsAReadableAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            socket.getOutputStream().write("GET /mqtt HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
            assertTrue(answer.endsWith("not a WebSocket upgrade: the request has no 'Upgrade: websocket' header\n"), answer);
        }
        assertNull(opened());
    }
}
