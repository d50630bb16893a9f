package dev.herald.broker.api.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportContextTest {

    private static final Consumer<Connection> IGNORE = connection -> { };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 12345, 65535})
    void acceptsPortsFromZeroTo65535(int port) {
        assertEquals(port, new TransportContext("0.0.0.0", port, Optional.empty(), IGNORE).port());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, Integer.MAX_VALUE})
    void rejectsPortsOutsideTheRange(int port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TransportContext("0.0.0.0", port, Optional.empty(), IGNORE));
        assertTrue(e.getMessage().contains(Integer.toString(port)), e.getMessage());
    }

    @Test
    void needsHostTlsOptionAndAcceptor() {
        assertThrows(NullPointerException.class, () -> new TransportContext(null, 0, Optional.empty(), IGNORE));
        assertThrows(NullPointerException.class, () -> new TransportContext("localhost", 0, null, IGNORE));
        assertThrows(NullPointerException.class, () -> new TransportContext("localhost", 0, Optional.empty(), null));
    }
}
