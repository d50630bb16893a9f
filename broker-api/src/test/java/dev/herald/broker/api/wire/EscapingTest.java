package dev.herald.broker.api.wire;

import dev.herald.broker.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.herald.broker.api.ProtocolAssertions.assertFailsWith;
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
}
