package dev.herald.transport.mqtt.listener;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticInputStreamTest {

    /** A stream that says how much waits, as a socket does, and hands out at most {@code chunk} bytes a read. */
    private static final class Chunked extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }

        @Override
        public int available() {
            return in.available();
        }
    }

    @Test
    void readsEveryByteInOrderWhateverTheReads() throws IOException {
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        ElasticInputStream in = new ElasticInputStream(new Chunked(data, 7_000));
        byte[] out = new byte[data.length];
        int at = 0;
        Random sizes = new Random(4);
        while (at < out.length) {
            if (sizes.nextBoolean()) {
                out[at++] = (byte) in.read();
            } else {
                int n = in.read(out, at, Math.min(out.length - at, 1 + sizes.nextInt(100_000)));
                assertTrue(n > 0);
                at += n;
            }
        }
        assertArrayEquals(data, out);
        assertEquals(-1, in.read());
    }

    @Test
    void growsWhileBytesWaitAndShrinksWhenNothingDoes() throws IOException {
        ElasticInputStream in = new ElasticInputStream(new Chunked(new byte[200_000], Integer.MAX_VALUE));
        in.read();
        assertEquals(ElasticInputStream.MAX, in.capacity(), "a busy stream reads in large pieces");
        in.readNBytes(199_999 - 100);
        in.readNBytes(100);
        assertEquals(-1, in.read());
        assertEquals(ElasticInputStream.MIN, in.capacity(), "an idle one holds a small buffer");
    }
}
