package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.herald.broker.api.wire.ProtocolAssertions.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerFrameTest {

    static List<ServerFrame> frames() {
        return List.of(
                ServerFrame.ConnAck.NEW,
                new ServerFrame.ConnAck(true, 0),
                new ServerFrame.ConnAck(true, 2),
                new ServerFrame.SubAck("WEATHER", 1),
                new ServerFrame.SubAck("news/eu", 0),
                new ServerFrame.UnsubAck("NEWS"),
                new ServerFrame.PubAck("WEATHER", 1),
                new ServerFrame.PubAck("WEATHER", Long.MAX_VALUE),
                new ServerFrame.Pong(),
                new ServerFrame.DiscAck(),
                new ServerFrame.Err(ErrorCode.UNKNOWN_TOPIC, "no such topic: SPORTS"),
                new ServerFrame.Err(ErrorCode.MALFORMED, ""),
                new ServerFrame.Err(ErrorCode.INTERNAL, "  spaced  out  "),
                new ServerFrame.Msg(new Message(1, "WEATHER", 1764095000000L, "It is sunny today")),
                new ServerFrame.Msg(new Message(2, "WEATHER", 1764095010000L, "Rain\nat noon")),
                new ServerFrame.Msg(new Message(3, "NEWS", 0, "")),
                new ServerFrame.Msg(new Message(4, "NEWS", 5, " leading, inner  and trailing ")),
                new ServerFrame.Msg(new Message(5, "NEWS", 5, "\\ \r\n \\n")),
                new ServerFrame.Msg(new Message(6, "NEWS", 5, "m\u00e9t\u00e9o \uD83C\uDF1E")));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void roundTripsThroughFormatAndParse(ServerFrame frame) throws Exception {
        assertEquals(frame, ServerFrame.parse(frame.toFrame()));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void formatsASingleLine(ServerFrame frame) {
        String text = frame.toFrame();
        assertFalse(text.contains("\n") || text.contains("\r"), text);
    }

    @Test
    void formatsTheFramesOfTheProtocolExample() {
        assertEquals("CONN_ACK NEW 0", ServerFrame.ConnAck.NEW.toFrame());
        assertEquals("CONN_ACK RESUMED 2", new ServerFrame.ConnAck(true, 2).toFrame());
        assertEquals("PUB_ACK WEATHER 1", new ServerFrame.PubAck("WEATHER", 1).toFrame());
        assertEquals("ERR UNKNOWN_TOPIC no such topic: SPORTS",
                new ServerFrame.Err(ErrorCode.UNKNOWN_TOPIC, "no such topic: SPORTS").toFrame());
        assertEquals("SUB_ACK WEATHER 1", new ServerFrame.SubAck("WEATHER", 1).toFrame());
        assertEquals("UNSUB_ACK WEATHER", new ServerFrame.UnsubAck("WEATHER").toFrame());
        assertEquals("MSG WEATHER 1 1764095000000 It is sunny today",
                new ServerFrame.Msg(new Message(1, "WEATHER", 1764095000000L, "It is sunny today")).toFrame());
        assertEquals("MSG WEATHER 2 1764095010000 Rain\\nat noon",
                ServerFrame.Msg.format(new Message(2, "WEATHER", 1764095010000L, "Rain\nat noon")));
        assertEquals("PONG", new ServerFrame.Pong().toFrame());
        assertEquals("DISC_ACK", new ServerFrame.DiscAck().toFrame());
    }

    @Test
    void formatsTheEmptyPayloadAfterASpace() throws Exception {
        String text = new ServerFrame.Msg(new Message(3, "NEWS", 7, "")).toFrame();
        assertEquals("MSG NEWS 3 7 ", text);
        assertEquals("", assertInstanceOf(ServerFrame.Msg.class, ServerFrame.parse(text)).message().payload());
    }

    @Test
    void readsAMessageFromTheProtocolExample() throws Exception {
        ServerFrame.Msg msg = assertInstanceOf(ServerFrame.Msg.class,
                ServerFrame.parse("MSG WEATHER 2 1764095010000 Rain\\nat noon"));
        assertEquals(new Message(2, "WEATHER", 1764095010000L, "Rain\nat noon"), msg.message());
    }

    @Test
    void readsErrTextWithSpaces() throws Exception {
        ServerFrame.Err err = assertInstanceOf(ServerFrame.Err.class,
                ServerFrame.parse("ERR SESSION_TAKEN_OVER another connection took over subscriber-2"));
        assertEquals(ErrorCode.SESSION_TAKEN_OVER, err.code());
        assertEquals("another connection took over subscriber-2", err.text());
    }

    @Test
    void keepsErrTextOnOneLineSoThatItParsesBackToTheSameValue() throws Exception {
        ServerFrame.Err err = new ServerFrame.Err(ErrorCode.INTERNAL, "two\nlines\rand a CR");
        assertEquals("two lines and a CR", err.text());
        assertEquals(err, ServerFrame.parse("ERR INTERNAL two\rlines\rand a CR"));
        assertEquals(err, ServerFrame.parse(err.toFrame()));
    }

    @Test
    void readsErrWithoutText() throws Exception {
        assertEquals(new ServerFrame.Err(ErrorCode.INTERNAL, ""), ServerFrame.parse("ERR INTERNAL"));
    }

    @Test
    void flattensLineBreaksInErrText() throws Exception {
        ServerFrame.Err err = new ServerFrame.Err(ErrorCode.INTERNAL, "first line\nsecond\r\nthird");
        String text = err.toFrame();
        assertEquals("ERR INTERNAL first line second  third", text);
        assertEquals("first line second  third", assertInstanceOf(ServerFrame.Err.class, ServerFrame.parse(text)).text());
    }

    @Test
    void onlyMsgIsNotAReply() {
        for (ServerFrame frame : frames()) {
            assertEquals(!(frame instanceof ServerFrame.Msg), frame.isReply(), frame.toFrame());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "garbage", "HELLO world", "conn_ack NEW 0", "PUB NEWS x", "msg NEWS 1 2 x",
            // CONN_ACK
            "CONN_ACK", "CONN_ACK NEW", "CONN_ACK OLD 0", "CONN_ACK NEW x", "CONN_ACK NEW 0 1", "CONN_ACK  NEW 0",
            "CONN_ACK NEW -1", "CONN_ACK RESUMED +2", "CONN_ACK RESUMED 99999999999", "CONN_ACK NEW 0 ",
            // SUB_ACK / UNSUB_ACK / PUB_ACK
            "SUB_ACK", "SUB_ACK NEWS", "SUB_ACK NEWS x", "SUB_ACK NEWS -1", "SUB_ACK  1", "SUB_ACK NEWS 1 2",
            "UNSUB_ACK", "UNSUB_ACK ", "UNSUB_ACK NEWS WEATHER", "UNSUB_ACK NEWS ",
            "PUB_ACK", "PUB_ACK NEWS", "PUB_ACK NEWS 0", "PUB_ACK NEWS -5", "PUB_ACK NEWS +5", "PUB_ACK  5",
            "PUB_ACK NEWS \u0663", "PUB_ACK NEWS 99999999999999999999", "PUB_ACK NEWS 1.0",
            // PONG / DISC_ACK
            "PONG x", "PONG ", "DISC_ACK bye", "DISC_ACK ",
            // ERR
            "ERR", "ERR ", "ERR NO_SUCH_CODE text", "ERR malformed text", "ERR  MALFORMED text",
            // MSG
            "MSG", "MSG NEWS", "MSG NEWS 1", "MSG NEWS 1 2", "MSG NEWS x 2 p", "MSG NEWS 1 x p", "MSG NEWS 0 2 p",
            "MSG NEWS -1 2 p", "MSG NEWS +1 2 p", "MSG NEWS 1 -2 p", "MSG  1 2 p", "MSG NEWS  1 2 p",
            "MSG NEWS \u0661 2 p", "MSG NEWS 1 2 bad \\t escape", "MSG NEWS 1 2 trailing \\"})
    void answersMalformedForAnythingThatIsNotAServerFrame(String text) {
        assertFailsWith(ErrorCode.MALFORMED, () -> ServerFrame.parse(text));
    }

    @Test
    void shortensALongGarbageFrameInTheErrorText() {
        String garbage = "X".repeat(100_000);
        String message = assertFailsWith(ErrorCode.MALFORMED, () -> ServerFrame.parse(garbage)).getMessage();
        assertTrue(message.length() < 200, message);
    }
}
