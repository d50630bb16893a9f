package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.herald.broker.api.wire.ProtocolAssertions.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class EscapingTest {

    @Test
    void escapesBackslashLfAndCr() {
        assertEquals("a\\\\b\\nc\\rd", Escaping.escape("a\\b\nc\rd"));
    }

    @Test
    void unescapesBackslashLfAndCr() throws Exception {
        assertEquals("a\\b\nc\rd", Escaping.unescape("a\\\\b\\nc\\rd"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\\", "\n", "\r", "\r\n", "\\n", "\\\\", "line one\nline two\r\n",
            " leading and trailing ", "Rain\nat noon", "caf\u00e9 \u2603 \uD83D\uDE00 \u65e5\u672c",
            "ends with backslash\\", "\\r\\n literally", "tab\tand\u0000nul"})
    void roundTripsEveryPayload(String payload) throws Exception {
        String wire = Escaping.escape(payload);
        assertEquals(-1, wire.indexOf('\n'), "no LF on the wire");
        assertEquals(-1, wire.indexOf('\r'), "no CR on the wire");
        assertEquals(payload, Escaping.unescape(wire));
    }

    @Test
    void returnsTheSameStringWhenNothingNeedsEscaping() {
        String plain = "It is sunny today";
        assertSame(plain, Escaping.escape(plain));
    }

    @Test
    void unescapeReturnsTheSameStringWhenThereIsNoBackslash() throws Exception {
        String plain = "It is sunny today";
        assertSame(plain, Escaping.unescape(plain));
    }

    @Test
    void keepsLeadingAndTrailingSpaces() throws Exception {
        assertEquals("  two before, one after ", Escaping.escape("  two before, one after "));
        assertEquals("  two before, one after ", Escaping.unescape("  two before, one after "));
    }

    @Test
    void leavesNonAsciiTextAlone() throws Exception {
        String text = "m\u00e9t\u00e9o \u2014 \u6674\u308c \uD83C\uDF1E";
        assertEquals(text, Escaping.escape(text));
        assertEquals(text, Escaping.unescape(text));
        assertEquals("\u00e9\n\uD83C\uDF1E", Escaping.unescape("\u00e9\\n\uD83C\uDF1E"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\t", "a\\tb", "\\0", "\\ ", "\\N", "\\R", "\\x41", "\\u0041", "\\\"", "ok\\\\ then \\q",
            "\\\u00e9"})
    void rejectsUnknownEscapesAsMalformed(String wire) {
        assertFailsWith(ErrorCode.MALFORMED, () -> Escaping.unescape(wire));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\", "abc\\", "abc\\\\\\", "\\n\\"})
    void rejectsALoneTrailingBackslashAsMalformed(String wire) {
        assertFailsWith(ErrorCode.MALFORMED, () -> Escaping.unescape(wire));
    }

    @Test
    void anEscapedBackslashAtTheEndIsNotALoneBackslash() throws Exception {
        assertEquals("abc\\", Escaping.unescape("abc\\\\"));
    }

    @Test
    void bytesThatAreNotUtf8AreWrittenInHexAndComeBackWhole() throws Exception {
        byte[] payload = {(byte) 0xFF, 'a', '\n', (byte) 0xC3, (byte) 0xA9, (byte) 0xC3, '\\', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        String wire = Escaping.escape(payload);
        assertEquals("\\xffa\\n\u00e9\\xc3\\\\\\xed\\xa0\\x80", wire,
                "valid UTF-8 stays text, a cut sequence and a surrogate go byte by byte");
        org.junit.jupiter.api.Assertions.assertArrayEquals(payload, Escaping.unescapeBytes(wire));
    }

    @Test
    void everyByteStringComesBackWhole() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = new byte[random.nextInt(40)];
            random.nextBytes(payload);
            org.junit.jupiter.api.Assertions.assertArrayEquals(payload, Escaping.unescapeBytes(Escaping.escape(payload)));
        }
    }

    @Test
    void utf8BytesAreEscapedAsTheirText() {
        String text = "caf\u00e9 \\ line\nnext \ud83d\ude00";
        assertEquals(Escaping.escape(text), Escaping.escape(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aPubMayNotUseTheHexEscape() {
        assertFailsWith(ErrorCode.MALFORMED, () -> Escaping.unescape("a\\x41"));
        assertFailsWith(ErrorCode.MALFORMED, () -> Escaping.unescapeBytes("a\\x4"));
        assertFailsWith(ErrorCode.MALFORMED, () -> Escaping.unescapeBytes("a\\xzz"));
    }
}
