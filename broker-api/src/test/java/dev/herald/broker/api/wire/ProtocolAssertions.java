package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Assertions on the {@code ERR} code a piece of the codec answers with. */
public final class ProtocolAssertions {

    private ProtocolAssertions() {
    }

    /** Something that may throw, such as parsing a frame. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Asserts that {@code action} fails with a {@link ProtocolException} of {@code code}, and returns it. */
    public static ProtocolException assertFailsWith(ErrorCode code, Action action) {
        ProtocolException e = assertThrows(ProtocolException.class, action::run);
        assertEquals(code, e.code(), () -> "code of: " + e.getMessage());
        return e;
    }
}
