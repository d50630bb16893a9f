package dev.herald.transport.mqtt.websocket;

import dev.herald.broker.server.HeraldServer;
import dev.herald.testsupport.Await;
import dev.herald.testsupport.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.herald.transport.mqtt.websocket.MqttBytes.CONNACK_ACCEPTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT over WebSocket ({@code ws://}), with the JDK's WebSocket client offering the
 * subprotocol {@code mqtt} and MQTT packets written byte by byte, beside a line-protocol
 * client and a plain MQTT client on the same engine.
 */
class MqttOverWebSocketTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private HeraldServer server(String listeners, UnaryOperator<HeraldServer.Builder> options) throws IOException {
        HeraldServer server = options.apply(HeraldServer.builder().listeners(listeners)).build().start();
        open.add(server);
        return server;
    }

    private HeraldServer server() throws IOException {
        return server("herald://127.0.0.1:0,mqtt://127.0.0.1:0,ws://127.0.0.1:0", b -> b);
    }

    private WebSocketClient webSocket(HeraldServer server, String path, String... subprotocols) throws IOException {
        WebSocketClient client = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port("ws") + path), null,
                subprotocols);
        open.add(client);
        return client;
    }

    /** A WebSocket client that has sent CONNECT and had it accepted. */
    private WebSocketClient connected(HeraldServer server, String clientId) throws IOException {
        return connected(server, "/mqtt", clientId);
    }

    private WebSocketClient connected(HeraldServer server, String path, String clientId) throws IOException {
        WebSocketClient client = webSocket(server, path, "mqtt");
        client.send(MqttBytes.connect(clientId, 60));
        assertArrayEquals(CONNACK_ACCEPTED, client.read(4));
        return client;
    }

    /** A socket of the test, read with a deadline. */
    private Socket socket(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Await.DEFAULT_TIMEOUT.toMillis());
        open.add(socket);
        return socket;
    }

    private static byte[] readN(InputStream in, int n) {
        try {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new AssertionError("the server closed the connection after " + b.length + " of " + n + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aWebSocketClientSpeaksMqttWithTheOtherClients() throws Exception {
        HeraldServer server = server();
        assertTrue(server.listeners().get(2).matches("ws://127\\.0\\.0\\.1:\\d+/mqtt"), server.listeners().toString());
        WebSocketClient ws = webSocket(server, "/mqtt", "mqtt");
        assertEquals("mqtt", ws.subprotocol());
        ws.send(MqttBytes.connect("ws-1", 60));
        assertArrayEquals(CONNACK_ACCEPTED, ws.read(4));
        ws.send(MqttBytes.subscribe(1, "sensors/#", 1));
        assertArrayEquals(MqttBytes.suback(1, 1), ws.read(5));

        Socket mqttSocket = socket(server.port("mqtt"));
        InputStream mqttIn = mqttSocket.getInputStream();
        mqttSocket.getOutputStream().write(MqttBytes.connect("tcp-1", 60));
        assertArrayEquals(CONNACK_ACCEPTED, readN(mqttIn, 4));
        mqttSocket.getOutputStream().write(MqttBytes.subscribe(1, "#", 0));
        assertArrayEquals(MqttBytes.suback(1, 0), readN(mqttIn, 5));

        Socket lineSocket = socket(server.port("herald"));
        BufferedReader line = new BufferedReader(new InputStreamReader(lineSocket.getInputStream(), StandardCharsets.UTF_8));
        lineSocket.getOutputStream().write("CONN line-1\nSUB rooms/#\nPUB sensors/kitchen 21.5\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(line.readLine().startsWith("CONN_ACK"));
        assertTrue(line.readLine().startsWith("SUB_ACK rooms/#"));

        MqttBytes.Publish fromLine = MqttBytes.nextPublish(ws::read);
        assertEquals(new MqttBytes.Publish("sensors/kitchen", 1, fromLine.packetId(), "21.5"), fromLine);
        ws.send(MqttBytes.puback(fromLine.packetId()));
        assertEquals("21.5", MqttBytes.nextPublish(n -> readN(mqttIn, n)).payload());

        // a QoS 1 PUBLISH in two frames, the second shared with a PINGREQ
        byte[] publish = MqttBytes.publish(1, "rooms/hall", 7, "19.0 from a browser");
        ws.send(Arrays.copyOf(publish, 5));
        byte[] rest = Arrays.copyOfRange(publish, 5, publish.length + 2);
        System.arraycopy(MqttBytes.PINGREQ, 0, rest, rest.length - 2, 2);
        ws.send(rest);
        assertArrayEquals(MqttBytes.puback(7), ws.read(4));
        assertArrayEquals(MqttBytes.PINGRESP, ws.read(2));
        assertEquals(new MqttBytes.Publish("rooms/hall", 0, 0, "19.0 from a browser"),
                MqttBytes.nextPublish(n -> readN(mqttIn, n)));
        List<String> lines = new ArrayList<>();
        while (lines.stream().noneMatch(l -> l.endsWith(" 19.0 from a browser"))) {
            lines.add(line.readLine());
        }
        assertTrue(lines.getLast().startsWith("MSG rooms/hall "), lines.toString());

        ws.send(MqttBytes.DISCONNECT);
        assertEquals(1000, ws.awaitClose(), "the server ends the WebSocket with a close frame");
        Await.until("the connection is gone", () -> server.connectionCount() == 2);
    }

    @Test
    void aMessageMaySpanFragmentsAndAPingMayComeBetweenThem() throws Exception {
        HeraldServer server = server();
        WebSocketClient ws = webSocket(server, "/mqtt", "mqtt");
        byte[] connect = MqttBytes.connect("fragments", 60);
        ws.send(Arrays.copyOf(connect, 3), false);
        ws.ping("still there?".getBytes(StandardCharsets.UTF_8));
        ws.send(Arrays.copyOfRange(connect, 3, 10), false);
        ws.send(Arrays.copyOfRange(connect, 10, connect.length), true);
        assertArrayEquals("still there?".getBytes(StandardCharsets.UTF_8), ws.nextPong());
        assertArrayEquals(CONNACK_ACCEPTED, ws.read(4));
        ws.send(MqttBytes.PINGREQ);
        assertArrayEquals(MqttBytes.PINGRESP, ws.read(2));
    }

    @Test
    void theListenerServesItsOwnPathAndRefusesOthers() throws Exception {
        HeraldServer server = server("ws://127.0.0.1:0/brokers/herald", b -> b);
        assertTrue(server.listeners().getFirst().endsWith("/brokers/herald"), server.listeners().toString());
        assertEquals(404, assertThrows(WebSocketClient.Refused.class, () -> webSocket(server, "/mqtt", "mqtt")).status());
        assertEquals(400, assertThrows(WebSocketClient.Refused.class,
                () -> webSocket(server, "/brokers/herald", "mqttv3.1")).status());
        connected(server, "/brokers/herald", "own-path");
        WebSocketClient none = webSocket(server, "/brokers/herald");
        assertEquals("", none.subprotocol(), "a client that offers no subprotocol is served without one");
        none.send(MqttBytes.connect("no-subprotocol", 60));
        assertArrayEquals(CONNACK_ACCEPTED, none.read(4));

        Socket http = socket(server.port("ws"));
        http.getOutputStream().write("GET /brokers/herald HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                .concat("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String answer = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n") && answer.contains("\r\nSec-WebSocket-Version: 13\r\n"),
                answer);
    }

    @Test
    void textFramesAndFramesOverTheBoundAreClosed() throws Exception {
        HeraldServer server = server("ws://127.0.0.1:0", b -> b.maxFrame(256));
        WebSocketClient text = connected(server, "texter");
        text.sendText("PUBLISH sensors/x 1");
        assertEquals(1003, text.awaitClose());

        WebSocketClient big = connected(server, "big");
        big.send(MqttBytes.publish(0, "sensors/big", 0, "x".repeat(300)));
        assertEquals(1009, big.awaitClose());
        Await.until("both connections are gone", () -> server.connectionCount() == 0);
    }

    @Test
    void theConnectionLimitCoversWebSocketConnections() throws Exception {
        HeraldServer server = server("ws://127.0.0.1:0", b -> b.maxConnections(1));
        WebSocketClient first = connected(server, "first");
        WebSocketClient.Refused busy = assertThrows(WebSocketClient.Refused.class, () -> webSocket(server, "/mqtt", "mqtt"));
        assertEquals(503, busy.status());
        first.send(MqttBytes.PINGREQ);
        assertArrayEquals(MqttBytes.PINGRESP, first.read(2));
    }

    @Test
    void theConnectTimeoutCoversTheHandshakeAndTheConnect() throws Exception {
        HeraldServer server = server("ws://127.0.0.1:0", b -> b.connectTimeout(Duration.ofSeconds(1)));
        WebSocketClient mute = webSocket(server, "/mqtt", "mqtt");
        Socket silent = socket(server.port("ws")); // not even a handshake
        assertEquals(1000, mute.awaitClose(), "no CONNECT within broker.connect-timeout");
        assertEquals(-1, silent.getInputStream().read(), "no handshake within broker.connect-timeout");

        WebSocketClient inTime = connected(server, "in-time");
        inTime.send(MqttBytes.PINGREQ);
        assertArrayEquals(MqttBytes.PINGRESP, inTime.read(2));
        assertTrue(server.admin().overview().bytesReceived() > 0 && server.admin().overview().bytesSent() > 0);
    }
}
