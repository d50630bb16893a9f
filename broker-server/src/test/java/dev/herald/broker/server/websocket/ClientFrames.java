package dev.herald.broker.server.websocket;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebSocket frames written by hand, as a client sends them, and the server's frames read back. */
final class ClientFrames {

    /** The mask key of RFC 6455's examples (section 5.7). */
    static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** A final, masked frame. */
    ClientFrames frame(int opcode, byte[] payload) {
        return frame(true, opcode, payload, true);
    }

    /** A frame with any FIN, opcode, payload and masking. */
    ClientFrames frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        return raw((fin ? 0x80 : 0) | opcode, payload, masked);
    }

    /** A masked frame whose first byte is given whole: FIN, reserved bits and opcode. */
    ClientFrames raw(int firstByte, byte[] payload, boolean masked) {
        bytes.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        long n = payload.length;
        if (n < 126) {
            bytes.write(maskBit | (int) n);
        } else if (n <= 0xFFFF) {
            bytes.write(maskBit | 126);
            bytes.write((int) (n >> 8));
            bytes.write((int) n);
        } else {
            bytes.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                bytes.write((int) (n >> (8 * i)));
            }
        }
        if (masked) {
            bytes.writeBytes(MASK);
        }
        for (int i = 0; i < payload.length; i++) {
            bytes.write(masked ? payload[i] ^ MASK[i & 3] : payload[i]);
        }
        return this;
    }

    /** Bytes as they are, such as a header cut short. */
    ClientFrames bytes(int... values) {
        for (int v : values) {
            bytes.write(v);
        }
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    /** A close frame's payload: the status, then the reason. */
    static byte[] close(int status, String reason) {
        return Rfc6455.closePayload(status, reason);
    }

    /** One frame the server sent. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        /** The status of a close frame; -1 for one without. */
        int status() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The frames in what the server wrote; each must be unmasked (RFC 6455 section 5.1). */
    static List<Frame> parse(byte[] written) {
        List<Frame> frames = new ArrayList<>();
        int i = 0;
        while (i < written.length) {
            int b0 = written[i] & 0xFF;
            int b1 = written[i + 1] & 0xFF;
            assertEquals(0, b1 & 0x80, "a server's frame must not be masked");
            assertEquals(0, b0 & 0x70, "no reserved bits");
            long n = b1 & 0x7F;
            i += 2;
            if (n >= 126) {
                int size = n == 126 ? 2 : 8;
                n = 0;
                for (int k = 0; k < size; k++) {
                    n = (n << 8) | (written[i++] & 0xFF);
                }
            }
            assertTrue(i + n <= written.length, "a frame cut short");
            frames.add(new Frame((b0 & 0x80) != 0, b0 & 0x0F, Arrays.copyOfRange(written, i, i + (int) n)));
            i += (int) n;
        }
        return frames;
    }
}
