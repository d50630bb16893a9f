package dev.herald.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PayloadTest {

    @Test
    void lengthIsWhatWriteWritesPaddedOrNot() {
        byte[] buf = new byte[Payload.MAX_HEADER + 200];
        long[][] cases = {{0, 0, 0, 100}, {7, 123_456, 987_654_321_000L, 100}, {12, 99_999, 1_234_567_890_123L, 10},
                {0, 0, 0, 0}, {Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 20}};
        for (long[] c : cases) {
            int written = Payload.write(buf, 0, (int) c[0], c[1], c[2], (int) c[3]);
            assertEquals(written, Payload.length((int) c[0], c[1], c[2], (int) c[3]),
                    () -> "publisher " + c[0] + ", sequence " + c[1] + ", stamp " + c[2] + ", length " + c[3]);
        }
    }
}
