package dev.herald.bench.jmh;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RoutingBenchmarkTest {

    @Test
    void oneInvocationDeliversTheBurstToEverySubscriber() {
        RoutingBenchmark benchmark = new RoutingBenchmark();
        benchmark.subscribers = 3;
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            benchmark.setUp();
            try {
                benchmark.publishAndDeliver();
                benchmark.publishAndDeliver();
            } finally {
                benchmark.tearDown();
            }
        });
    }

    @Test
    void aClientOfTheMemoryTransportTalksToTheServer() throws Exception {
        RoutingBenchmark benchmark = new RoutingBenchmark();
        benchmark.subscribers = 0;
        benchmark.setUp();
        try {
            MemoryTransportProvider.ClientEnd client = MemoryTransportProvider.connect("routing-benchmark");
            client.out().write("PING\nCONN x\nPUB NEWS hi\n".getBytes(StandardCharsets.US_ASCII));
            client.out().flush();
            String replies = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> readLines(client, 3));
            assertEquals("PONG\nCONN_ACK NEW 0\nPUB_ACK NEWS 1\n", replies);
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void aClosedPipeEndsTheReaderAndFailsTheWriter() throws IOException {
        MemoryPipe pipe = new MemoryPipe(8);
        pipe.out.write(new byte[]{1, 2, 3});
        pipe.close();

        byte[] b = new byte[8];
        assertEquals(3, pipe.in.available());
        assertEquals(3, pipe.in.read(b, 0, 8), "what was written before the close is still read");
        assertEquals(-1, pipe.in.read(b, 0, 8));
        assertThrows(IOException.class, () -> pipe.out.write(4));
    }

    @Test
    void aWriteLargerThanThePipeGoesThroughInPieces() throws Exception {
        MemoryPipe pipe = new MemoryPipe(16);
        byte[] data = new byte[1_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                pipe.out.write(data);
                pipe.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read.writeBytes(pipe.in.readAllBytes()));
        writer.join();
        assertEquals(java.util.Arrays.toString(data), java.util.Arrays.toString(read.toByteArray()));
    }

    private static String readLines(MemoryTransportProvider.ClientEnd client, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 0;
        while (lines < count) {
            int c = client.in().read();
            if (c < 0) {
                break;
            }
            out.write(c);
            if (c == '\n') {
                lines++;
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
