package dev.herald.bench.jmh;

import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.api.wire.FrameReader;
import dev.herald.broker.api.wire.Request;
import dev.herald.broker.api.wire.Verb;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The server's read path per incoming frame: {@link FrameReader} splitting a stream into
 * lines, then {@link Verb#of} and {@link Verb#parse} turning a line into a request.
 * Scores are frames per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameParsingBenchmark {

    private static final int FRAMES = 1_000;

    /** Payload bytes per PUB frame. */
    @Param({"100"})
    public int payload;

    private byte[] stream;
    private String pub;
    private String escapedPub;

    @Setup
    public void setUp() {
        String body = "x".repeat(payload);
        pub = "PUB NEWS " + body;
        escapedPub = "PUB NEWS " + "line one\\nline two \\\\ " + body.substring(Math.min(body.length(), 24));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < FRAMES; i++) {
            lines.append(pub).append('\n');
        }
        stream = lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Splitting 1,000 PUB lines out of a stream and parsing each. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void readAndParse(Blackhole bh) throws IOException, ProtocolException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream), 65_536);
        String frame;
        while ((frame = reader.next()) != null) {
            bh.consume(Verb.of(frame).parse(frame));
        }
    }

    /** Splitting only. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void readFrames(Blackhole bh) throws IOException, ProtocolException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream), 65_536);
        String frame;
        while ((frame = reader.next()) != null) {
            bh.consume(frame);
        }
    }

    /** Parsing one PUB line without escapes. */
    @Benchmark
    public Request parsePub() throws ProtocolException {
        return Verb.of(pub).parse(pub);
    }

    /** Parsing one PUB line whose payload has escapes. */
    @Benchmark
    public Request parseEscapedPub() throws ProtocolException {
        return Verb.of(escapedPub).parse(escapedPub);
    }
}
