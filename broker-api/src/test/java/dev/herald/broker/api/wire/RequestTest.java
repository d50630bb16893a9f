package dev.herald.broker.api.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestTest {

    static List<Request> requests() {
        return List.of(
                new Request.Conn("publisher-1", null),
                new Request.Conn("publisher-1", new Request.Credentials("alice", "pa:ss")),
                new Request.Recon("subscriber-2", null),
                new Request.Recon("subscriber-2", new Request.Credentials("bob", "pw")),
                new Request.Sub("NEWS"),
                new Request.Unsub("news/eu"),
                new Request.Pub("WEATHER", "It is sunny today"),
                new Request.Pub("WEATHER", ""),
                new Request.Pub("WEATHER", " x "),
                new Request.Pub("WEATHER", " "),
                new Request.Pub("WEATHER", "Rain\nat noon\r\n\\ end\\"),
                new Request.Pub("WEATHER", "m\u00e9t\u00e9o \uD83C\uDF1E"),
                new Request.Ping(),
                new Request.Disc());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void roundTripsThroughVerbOfAndParse(Request request) throws Exception {
        String frame = request.toFrame();
        assertEquals(request, Verb.of(frame).parse(frame));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void formatsASingleLine(Request request) {
        String frame = request.toFrame();
        assertFalse(frame.contains("\n") || frame.contains("\r"), frame);
    }

    @Test
    void formatsTheFramesOfTheProtocol() {
        assertEquals("CONN publisher-1", new Request.Conn("publisher-1", null).toFrame());
        assertEquals("RECON s a b", new Request.Recon("s", new Request.Credentials("a", "b")).toFrame());
        assertEquals("PUB WEATHER It is sunny today", new Request.Pub("WEATHER", "It is sunny today").toFrame());
        assertEquals("PUB NEWS", new Request.Pub("NEWS", "").toFrame());
        assertEquals("PUB T Rain\\nat noon", new Request.Pub("T", "Rain\nat noon").toFrame());
        assertEquals("SUB NEWS", new Request.Sub("NEWS").toFrame());
        assertEquals("UNSUB NEWS", new Request.Unsub("NEWS").toFrame());
        assertEquals("PING", new Request.Ping().toFrame());
        assertEquals("DISC", new Request.Disc().toFrame());
    }

    @Test
    void hidesThePasswordWhenPrinted() {
        Request.Credentials credentials = new Request.Credentials("alice", "hunter2");
        assertFalse(credentials.toString().contains("hunter2"), credentials.toString());
        assertFalse(new Request.Conn("a", credentials).toString().contains("hunter2"));
    }

    @Test
    void credentialsNeedUserAndPassword() {
        assertThrows(NullPointerException.class, () -> new Request.Credentials(null, "pw"));
        assertThrows(NullPointerException.class, () -> new Request.Credentials("alice", null));
    }
}
