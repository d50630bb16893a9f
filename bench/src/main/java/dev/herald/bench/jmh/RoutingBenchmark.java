package dev.herald.bench.jmh;

import dev.herald.broker.server.HeraldServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Topic routing through the whole broker, without sockets: a publisher's {@code PUB}
 * frames go in through an in-memory transport ({@link MemoryTransportProvider}) and are
 * parsed, stored in the memory store, routed to every subscriber of the topic, formatted
 * as {@code MSG} frames and written out, with a {@code PUB_ACK} each. One operation is one
 * message published and received by every subscriber (scores are messages per second);
 * each invocation publishes {@value #BURST} messages in one write and reads every ack and
 * delivery back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {

    static final int BURST = 1_000;
    private static final String HOST = "routing-benchmark";

    /** Subscribers of the topic. */
    @Param({"1", "50"})
    public int subscribers;

    private HeraldServer server;
    private MemoryTransportProvider.ClientEnd publisher;
    private final List<MemoryTransportProvider.ClientEnd> receivers = new ArrayList<>();
    private byte[] burst;
    private final byte[] scratch = new byte[256 * 1024];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = HeraldServer.builder().host(HOST).port(0).topics(List.of("NEWS")).store("memory")
                .setting("transport", "memory").build().start();
        for (int i = 0; i < subscribers; i++) {
            MemoryTransportProvider.ClientEnd s = MemoryTransportProvider.connect(HOST);
            send(s, "CONN sub-" + i + "\nSUB NEWS\n");
            expectLines(s, 2); // CONN_ACK NEW 0, SUB_ACK NEWS 0: the history is empty
            receivers.add(s);
        }
        publisher = MemoryTransportProvider.connect(HOST);
        send(publisher, "CONN publisher\n");
        expectLines(publisher, 1);
        StringBuilder frames = new StringBuilder();
        String payload = "x".repeat(100);
        for (int i = 0; i < BURST; i++) {
            frames.append("PUB NEWS ").append(payload).append('\n');
        }
        burst = frames.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void publishAndDeliver() throws IOException {
        publisher.out().write(burst);
        publisher.out().flush();
        expectLines(publisher, BURST);
        for (MemoryTransportProvider.ClientEnd s : receivers) {
            expectLines(s, BURST);
        }
    }

    private static void send(MemoryTransportProvider.ClientEnd client, String frames) throws IOException {
        client.out().write(frames.getBytes(StandardCharsets.US_ASCII));
        client.out().flush();
    }

    /**
     * Reads until {@code count} lines have arrived. Frames arrive whole, since the server
     * writes frames whole and in order, so counting LFs counts frames.
     */
    private void expectLines(MemoryTransportProvider.ClientEnd client, int count) throws IOException {
        InputStream in = client.in();
        int seen = 0;
        while (seen < count) {
            int n = in.read(scratch, 0, scratch.length);
            if (n < 0) {
                throw new IOException("the server closed the connection after " + seen + " of " + count + " frames");
            }
            for (int i = 0; i < n; i++) {
                if (scratch[i] == '\n') {
                    seen++;
                }
            }
        }
    }
}
