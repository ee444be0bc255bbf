package org.netcatchat.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.netcatchat.protocol.Frame;
import org.netcatchat.protocol.FrameParser;
import org.netcatchat.protocol.Wire;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's read path: {@link FrameParser#feed} on what a chat client really sends. Reported per frame.
 *
 * <ul>
 *   <li>{@code oneLinePerRead}: a person on nc, one short line per TCP segment;</li>
 *   <li>{@code batchOfLines}: a fast client whose lines arrive {@value #BATCH} to a read (a bench sender);</li>
 *   <li>{@code splitLines}: the same bytes cut into 7-byte reads, so most lines cross a read boundary and
 *       take the carry path.</li>
 * </ul>
 * The {@code kind} parameter picks the line: a 64-byte ASCII {@code text}, a 200-byte one with accents and
 * emoji (UTF-8 decoding and the printable check do real work), and a {@code name} join.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameParserBenchmark {
    static final int BATCH = 32;
    private static final int SPLIT = 7;

    @Param({"text64", "text200utf8", "name"})
    public String kind;

    private FrameParser parser;
    private byte[] line;
    private byte[] batch;
    private Blackhole sink;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        parser = new FrameParser(Wire.DEFAULT_MAX_LINE_BYTES);
        line = (switch (kind) {
            case "text64" -> "text " + "hello everyone, the build is green again; who broke it before?!".substring(0, 58);
            case "text200utf8" -> "text " + "Grüße aus Köln — ça va? 👋 les tests passent, même ceux de l'éditeur. ".repeat(3);
            case "name" -> "name alice_42";
            default -> throw new IllegalArgumentException(kind);
        } + "\n").getBytes(StandardCharsets.UTF_8);
        batch = new byte[line.length * BATCH];
        for (int i = 0; i < BATCH; i++) {
            System.arraycopy(line, 0, batch, i * line.length, line.length);
        }
        sink = blackhole;
    }

    @Benchmark
    public void oneLinePerRead() {
        parser.feed(line, 0, line.length, this::consume);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batchOfLines() {
        parser.feed(batch, 0, batch.length, this::consume);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void splitLines() {
        for (int at = 0; at < batch.length; at += SPLIT) {
            parser.feed(batch, at, Math.min(SPLIT, batch.length - at), this::consume);
        }
    }

    private void consume(Frame frame) {
        sink.consume(frame);
    }
}
