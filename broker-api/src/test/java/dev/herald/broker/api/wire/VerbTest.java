package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;

import static dev.herald.broker.api.wire.ProtocolAssertions.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Verb#of} and {@link Verb#parse} together, as the server uses them on each frame. */
class VerbTest {

    private static Request parse(String frame) throws ProtocolException {
        return Verb.of(frame).parse(frame);
    }

    // --- finding the verb ---

    @ParameterizedTest
    @CsvSource({"SUB NEWS, SUB", "sub NEWS, SUB", "Sub NEWS, SUB", "sUb NEWS, SUB", "ping, PING", "Disc, DISC",
            "conn a, CONN", "ReCoN a, RECON", "unsub NEWS, UNSUB", "pub NEWS hi, PUB"})
    void findsTheVerbWhateverItsCase(String frame, Verb expected) throws Exception {
        assertEquals(expected, Verb.of(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELLO", "SUBSCRIBE NEWS", "SU NEWS", "PUBLISH NEWS x", "PINGPING", "DISCO",
            "MSG NEWS 1 2 x", "CONN_ACK NEW 0", "SUB_ACK NEWS 0", "PUB_ACK NEWS 1", "PONG", "DISC_ACK", "ERR INTERNAL x",
            "SUB\tNEWS", "\u017Fub NEWS", "p\u0131ng", "d\u0130sc", "\uff33\uff35\uff22 NEWS", "\u0405UB NEWS"})
    void answersUnknownActionForAnyOtherVerbIncludingServerVerbsAndLookAlikes(String frame) {
        assertFailsWith(ErrorCode.UNKNOWN_ACTION, () -> Verb.of(frame));
    }

    @Test
    void shortensALongUnknownVerbInTheErrorText() {
        ProtocolException e = assertFailsWith(ErrorCode.UNKNOWN_ACTION, () -> Verb.of("X".repeat(10_000)));
        assertTrue(e.getMessage().length() < 100, e.getMessage());
    }

    @Test
    void answersMalformedForTheEmptyFrame() {
        assertFailsWith(ErrorCode.MALFORMED, () -> Verb.of(""));
    }

    @Test
    void answersMalformedForAFrameStartingWithASpace() {
        assertFailsWith(ErrorCode.MALFORMED, () -> Verb.of(" SUB NEWS"));
    }

    @Test
    void allowsOnlyConnReconAndPingWithoutASession() {
        EnumSet<Verb> allowed = EnumSet.noneOf(Verb.class);
        for (Verb verb : Verb.values()) {
            if (verb.allowedWithoutSession()) {
                allowed.add(verb);
            }
        }
        assertEquals(EnumSet.of(Verb.CONN, Verb.RECON, Verb.PING), allowed);
    }

    // --- CONN and RECON ---

    @ParameterizedTest
    @EnumSource(value = Verb.class, names = {"CONN", "RECON"})
    void readsTheClientIdWithoutCredentials(Verb verb) throws Exception {
        Request request = parse(verb.name() + " subscriber-2");
        assertEquals(verb, request.verb());
        switch (request) {
            case Request.Conn conn -> {
                assertEquals("subscriber-2", conn.clientId());
                assertNull(conn.credentials());
            }
            case Request.Recon recon -> {
                assertEquals("subscriber-2", recon.clientId());
                assertNull(recon.credentials());
            }
            default -> throw new AssertionError(request);
        }
    }

    @Test
    void readsConnWithUserAndPassword() throws Exception {
        Request.Conn conn = assertInstanceOf(Request.Conn.class, parse("conn publisher-1 alice s3cr:t!"));
        assertEquals("publisher-1", conn.clientId());
        assertEquals(new Request.Credentials("alice", "s3cr:t!"), conn.credentials());
    }

    @Test
    void readsReconWithUserAndPassword() throws Exception {
        Request.Recon recon = assertInstanceOf(Request.Recon.class, parse("RECON subscriber-2 bob pw"));
        assertEquals("subscriber-2", recon.clientId());
        assertEquals(new Request.Credentials("bob", "pw"), recon.credentials());
    }

    @Test
    void keepsTheCaseOfTheClientId() throws Exception {
        assertEquals("Sub.A:1", assertInstanceOf(Request.Conn.class, parse("conn Sub.A:1")).clientId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONN", "CONN ", "RECON", "RECON ", "conn"})
    void answersMalformedForConnOrReconWithoutAClientId(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONN bad!id", "CONN caf\u00e9", "RECON a/b", "CONN a*b alice pw", "RECON a@b"})
    void answersInvalidClientIdForAnIdOutsideTheGrammar(String frame) {
        assertFailsWith(ErrorCode.INVALID_CLIENT_ID, () -> parse(frame));
    }

    @Test
    void acceptsAClientIdOf64CharactersAndRejects65() throws Exception {
        String id64 = "c".repeat(64);
        assertEquals(id64, assertInstanceOf(Request.Conn.class, parse("CONN " + id64)).clientId());
        assertFailsWith(ErrorCode.INVALID_CLIENT_ID, () -> parse("CONN " + "c".repeat(65)));
        assertFailsWith(ErrorCode.INVALID_CLIENT_ID, () -> parse("RECON " + "c".repeat(65)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONN a alice", "CONN a alice pw extra", "CONN a b c d e", "RECON a alice",
            "RECON a alice pw extra", "CONN Subscriber 1"})
    void answersMalformedForConnOrReconWithTwoOrMoreThanThreeTokens(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONN  a", "CONN a ", "CONN a  alice pw", "CONN a alice  pw", "CONN a alice pw ",
            "RECON  a", "RECON a "})
    void answersMalformedForConnOrReconWithDoubleOrTrailingSpaces(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }

    // --- SUB and UNSUB ---

    @Test
    void readsTheTopicOfSubAndUnsubKeepingItsCase() throws Exception {
        assertEquals(new Request.Sub("News"), parse("sub News"));
        assertEquals(new Request.Unsub("WEATHER"), parse("UNSUB WEATHER"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUB", "SUB ", "UNSUB", "UNSUB ", "sub"})
    void answersMalformedForSubOrUnsubWithoutATopic(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUB NEWS WEATHER", "SUB NEWS ", "SUB  NEWS", "UNSUB NEWS x", "UNSUB NEWS ", "UNSUB  NEWS"})
    void answersMalformedForSubOrUnsubWithExtraTokensOrSpaces(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }

    // --- PUB ---

    @Test
    void readsThePayloadAsTheRestOfTheLine() throws Exception {
        assertEquals(new Request.Pub("WEATHER", "It is sunny today"), parse("PUB WEATHER It is sunny today"));
    }

    @Test
    void publishesTheEmptyPayloadWhenOnlyATopicIsGiven() throws Exception {
        assertEquals(new Request.Pub("NEWS", ""), parse("PUB NEWS"));
        assertEquals(new Request.Pub("NEWS", ""), parse("PUB NEWS "));
    }

    @Test
    void keepsLeadingTrailingAndInnerSpacesOfThePayload() throws Exception {
        assertEquals(new Request.Pub("T", " x "), parse("PUB T  x "));
        assertEquals(new Request.Pub("T", "a  b   c"), parse("PUB T a  b   c"));
        assertEquals(new Request.Pub("T", "   "), parse("PUB T    "));
    }

    @Test
    void unescapesThePayload() throws Exception {
        assertEquals(new Request.Pub("WEATHER", "Rain\nat noon \\ \r"), parse("pub WEATHER Rain\\nat noon \\\\ \\r"));
    }

    @Test
    void escapesARawCrOfThePayloadInItsWireForm() throws Exception {
        Request.Pub pub = (Request.Pub) parse("PUB NEWS a\rb\\n ends in CR\r");
        assertEquals("a\rb\n ends in CR\r", pub.payload());
        assertEquals("a\\rb\\n ends in CR\\r", pub.escapedPayload());
    }

    @Test
    void readsANonAsciiPayload() throws Exception {
        assertEquals(new Request.Pub("NEWS", "m\u00e9t\u00e9o \uD83C\uDF1E"), parse("PUB NEWS m\u00e9t\u00e9o \uD83C\uDF1E"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUB NEWS bad \\t escape", "PUB NEWS ends with \\", "PUB NEWS \\"})
    void answersMalformedForABadEscapeInThePayload(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUB", "PUB ", "PUB  NEWS x"})
    void answersMalformedForPubWithoutATopic(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }

    // --- PING and DISC ---

    @Test
    void readsPingAndDiscInAnyCase() throws Exception {
        assertEquals(new Request.Ping(), parse("PING"));
        assertEquals(new Request.Ping(), parse("ping"));
        assertEquals(new Request.Disc(), parse("DISC"));
        assertEquals(new Request.Disc(), parse("disc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PING x", "PING ", "DISC now", "DISC ", "ping  "})
    void answersMalformedForPingOrDiscWithArguments(String frame) {
        assertFailsWith(ErrorCode.MALFORMED, () -> parse(frame));
    }
}
