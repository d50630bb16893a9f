package dev.herald.bench.target;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class RelayTest {

    private Relay relay;

    @BeforeEach
    void startRelay() throws IOException {
        relay = Relay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stopRelay() {
        relay.close();
    }

    @Test
    void copiesWhatAWriterWritesToEveryListener() throws IOException {
        try (Socket first = connect(); Socket second = connect()) {
            await(() -> relay.listeners() == 2);
            try (Socket writer = connect()) {
                await(() -> relay.listeners() == 3);

                writer.getOutputStream().write("PUB NEWS one\nPUB NEWS two\n".getBytes(StandardCharsets.US_ASCII));

                assertEquals("PUB NEWS one\nPUB NEWS two\n", read(first, 26));
                assertEquals("PUB NEWS one\nPUB NEWS two\n", read(second, 26));
                assertEquals(2, relay.listeners());
            }
        }
    }

    @Test
    void holdsBackAnUnfinishedLine() throws IOException {
        try (Socket listener = connect()) {
            await(() -> relay.listeners() == 1);
            try (Socket writer = connect()) {
                await(() -> relay.listeners() == 2);

                writer.getOutputStream().write("PUB NEWS wh".getBytes(StandardCharsets.US_ASCII));
                writer.getOutputStream().flush();
                writer.getOutputStream().write("ole\nPUB NEWS next\n".getBytes(StandardCharsets.US_ASCII));

                assertEquals("PUB NEWS whole\nPUB NEWS next\n", read(listener, 29));
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Reads exactly {@code n} bytes (the socket's read timeout bounds the wait). */
    private static String read(Socket socket, int n) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[n];
        while (out.size() < n) {
            int r = in.read(buf, 0, n - out.size());
            if (r < 0) {
                break;
            }
            out.write(buf, 0, r);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Polls a condition with a deadline. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not met within 5 seconds");
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
