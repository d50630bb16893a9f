package dev.herald.broker.server.websocket;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opening handshake, server side (RFC 6455 section 4.2), and MQTT's subprotocol rule (section 6). */
class HandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Handshake handshake = new Handshake("/mqtt", "mqtt");

    /**
     * A valid request with changes: a request line ({@code GET ...}) replaces the first line;
     * "Name: value" replaces the header line of that name, "Name:" drops it, and any other
     * line is added at the end.
     */
    private static String request(String... changes) {
        List<String> lines = new ArrayList<>(List.of("GET /mqtt HTTP/1.1", "Host: broker.example:8080",
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Protocol: mqtt", "Origin: http://example.com"));
        for (String change : changes) {
            if (change.matches("[A-Z]+ .*")) {
                lines.set(0, change);
                continue;
            }
            String name = change.substring(0, change.indexOf(':') + 1);
            int at = -1;
            for (int i = 1; i < lines.size() && !name.isBlank(); i++) {
                if (lines.get(i).regionMatches(true, 0, name, 0, name.length())) {
                    at = i;
                }
            }
            if (at < 0) {
                lines.add(change);
            } else if (change.length() == name.length()) {
                lines.remove(at);
            } else {
                lines.set(at, change);
            }
        }
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    private static String text(Handshake.Answer answer) {
        return new String(answer.bytes(), StandardCharsets.UTF_8);
    }

    private void assertRefused(int status, String why, Handshake.Answer answer) {
        assertFalse(answer.accepted());
        assertEquals(status, answer.status(), text(answer));
        String response = text(answer);
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
        assertTrue(response.contains("\r\nConnection: close\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n" + answer.why() + "\n"), "the body says why: " + response);
        assertTrue(answer.why().contains(why), answer.why());
    }

    @Test
    void theAcceptValueOfTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept(KEY)); // section 1.3
    }

    @Test
    void acceptsAnUpgradeAndEchoesMqtt() {
        Handshake.Answer answer = handshake.answer(request());
        assertTrue(answer.accepted());
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n", text(answer));
    }

    @Test
    void mqttAmongOtherSubprotocolsAndHeadersInAnyCase() {
        Handshake.Answer answer = handshake.answer(request("upgrade: WebSocket", "connection: keep-alive, Upgrade",
                "sec-websocket-protocol: mqttv3.1, mqtt", "Sec-WebSocket-Extensions: permessage-deflate"));
        assertTrue(answer.accepted(), text(answer));
        assertTrue(text(answer).contains("\r\nSec-WebSocket-Protocol: mqtt\r\n"));
        assertFalse(text(answer).contains("Extensions"), "no extension is agreed");
    }

    @Test
    void aClientThatOffersNoSubprotocolIsAcceptedWithoutOne() {
        Handshake.Answer answer = handshake.answer(request("Sec-WebSocket-Protocol:"));
        assertTrue(answer.accepted());
        assertFalse(text(answer).contains("Sec-WebSocket-Protocol"));
    }

    @Test
    void aClientThatOffersOtherSubprotocolsOnlyIsRefused() {
        assertRefused(400, "the client offers the subprotocols mqttv3.1, wamp, not mqtt",
                handshake.answer(request("Sec-WebSocket-Protocol: mqttv3.1, wamp")));
        assertRefused(400, "not mqtt", handshake.answer(request("Sec-WebSocket-Protocol: MQTT")));
    }

    @Test
    void aQueryOrAnAbsoluteTargetNamesThePathToo() {
        assertTrue(handshake.answer(request("GET /mqtt?token=abc HTTP/1.1")).accepted());
        assertTrue(handshake.answer(request("GET ws://broker.example:8080/mqtt HTTP/1.1")).accepted());
    }

    @Test
    void anotherPathIsNotFound() {
        assertRefused(404, "no WebSocket endpoint at /ws; this listener's path is /mqtt",
                handshake.answer(request("GET /ws HTTP/1.1")));
        assertRefused(404, "at /mqtt/", handshake.answer(request("GET /mqtt/ HTTP/1.1")));
    }

    @Test
    void anotherVersionIsUpgradeRequiredWithTheVersionServed() {
        Handshake.Answer answer = handshake.answer(request("Sec-WebSocket-Version: 8"));
        assertRefused(426, "version 8", answer);
        assertTrue(text(answer).contains("\r\nSec-WebSocket-Version: 13\r\n"), text(answer));
        assertRefused(400, "no Sec-WebSocket-Version", handshake.answer(request("Sec-WebSocket-Version:")));
    }

    @Test
    void whatIsNotAnUpgradeIsABadRequest() {
        assertRefused(400, "'Upgrade: websocket'", handshake.answer(request("Upgrade:")));
        assertRefused(400, "'Upgrade: websocket'", handshake.answer(request("Upgrade: h2c")));
        assertRefused(400, "'Connection: Upgrade'", handshake.answer(request("Connection: keep-alive")));
        assertRefused(400, "Sec-WebSocket-Key", handshake.answer(request("Sec-WebSocket-Key:")));
        assertRefused(400, "Sec-WebSocket-Key", handshake.answer(request("Sec-WebSocket-Key: c2hvcnQ=")));
        assertRefused(400, "Sec-WebSocket-Key", handshake.answer(request("Sec-WebSocket-Key: not base64!")));
        assertRefused(400, "Host", handshake.answer(request("Host:")));
        assertRefused(400, "a GET request, not POST", handshake.answer(request("POST /mqtt HTTP/1.1")));
        assertRefused(400, "not an HTTP/1.1 request line", handshake.answer(request("GET /mqtt HTTP/1.0")));
        assertRefused(400, "not a header line", handshake.answer(request("Host: h", " folded: line")));
    }

    @Test
    void garbageIsABadRequest() {
        assertRefused(400, "not an HTTP/1.1 request line", handshake.answer("\u0016\u0003\u0001\u0002\u0000\u0001\n\n"));
        assertRefused(400, "not an HTTP/1.1 request line", handshake.answer("hello\r\n\r\n"));
        assertRefused(400, "an empty request", handshake.answer("\r\n\r\n"));
        assertRefused(400, "not a request target", handshake.answer(request("GET mqtt HTTP/1.1")));
    }

    @Test
    void refusalsForLimitsSayWhy() {
        assertRefused(431, "longer than 8192 bytes", Handshake.tooLarge());
        assertRefused(503, "connection limit of 1 reached", Handshake.refuse(503, "connection limit of 1 reached"));
    }
}
