package dev.herald.broker.model;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorCodeTest {

    @Test
    void closesTheConnectionExactlyForTheCodesThatTheProtocolTableMarks() {
        Set<ErrorCode> closing = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.closesConnection()) {
                closing.add(code);
            }
        }
        assertEquals(EnumSet.of(ErrorCode.BAD_CREDENTIALS, ErrorCode.FRAME_TOO_LARGE,
                ErrorCode.SESSION_TAKEN_OVER, ErrorCode.SLOW_CONSUMER, ErrorCode.SERVER_BUSY), closing);
    }

    @Test
    void hasEveryCodeOfTheProtocolTable() {
        assertEquals(Set.of("MALFORMED", "UNKNOWN_ACTION", "UNKNOWN_TOPIC", "INVALID_CLIENT_ID", "NOT_CONNECTED",
                        "ALREADY_CONNECTED", "NOT_AUTHORIZED", "BAD_CREDENTIALS", "FRAME_TOO_LARGE",
                        "SESSION_TAKEN_OVER", "SLOW_CONSUMER", "SERVER_BUSY", "STORE_UNAVAILABLE", "INTERNAL"),
                EnumSet.allOf(ErrorCode.class).stream().map(Enum::name).collect(Collectors.toSet()));
    }

    @Test
    void protocolExceptionCarriesItsCodeAndText() {
        ProtocolException e = new ProtocolException(ErrorCode.UNKNOWN_TOPIC, "no such topic: SPORTS");
        assertEquals(ErrorCode.UNKNOWN_TOPIC, e.code());
        assertEquals("no such topic: SPORTS", e.getMessage());
    }
}
