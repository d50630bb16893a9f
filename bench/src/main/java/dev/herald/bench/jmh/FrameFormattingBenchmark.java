package dev.herald.bench.jmh;

import dev.herald.broker.model.Message;
import dev.herald.broker.api.wire.Escaping;
import dev.herald.broker.api.wire.ServerFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The server's write path per message: {@link ServerFrame.Msg#format} (with payload
 * {@link Escaping}) and the encoding of the line to bytes, done once per message and
 * shared by every subscriber. Scores are operations per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameFormattingBenchmark {

    /** Payload characters per message. */
    @Param({"100"})
    public int payload;

    private Message plain;
    private Message special;

    @Setup
    public void setUp() {
        String body = "x".repeat(payload);
        plain = new Message(123_456_789L, "NEWS", 1_764_095_000_000L, body);
        special = new Message(123_456_789L, "NEWS", 1_764_095_000_000L,
                "line one\nline two \\ " + body.substring(Math.min(body.length(), 20)));
    }

    /** A MSG line of a payload that needs no escaping. */
    @Benchmark
    public String formatMsg() {
        return ServerFrame.Msg.format(plain);
    }

    /** A MSG line of a payload with LF and backslash. */
    @Benchmark
    public String formatEscapedMsg() {
        return ServerFrame.Msg.format(special);
    }

    /** A MSG line as the bytes written to sockets, LF included. */
    @Benchmark
    public byte[] msgBytes() {
        return (ServerFrame.Msg.format(plain) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Escaping a payload that has nothing to escape (the common case). */
    @Benchmark
    public String escapePlain() {
        return Escaping.escape(plain.payload());
    }

    /** Escaping a payload with special characters. */
    @Benchmark
    public String escapeSpecial() {
        return Escaping.escape(special.payload());
    }
}
