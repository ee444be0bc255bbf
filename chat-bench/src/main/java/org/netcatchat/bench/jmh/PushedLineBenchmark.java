package org.netcatchat.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;

import org.netcatchat.protocol.PushedLine;
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

/**
 * The server's broadcast path before fan-out: a {@code text} becomes a {@link PushedLine.Message}, rendered
 * to {@code [ts][sender]:text} and encoded to UTF-8 with its LF, once per message (the bytes are then shared by
 * every outbox). {@code render} alone shows what the time stamp formatting costs; {@code renderAndEncode} is
 * the whole per-message cost; {@code encodeOnly} is the UTF-8 step on an already rendered line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PushedLineBenchmark {
    @Param({"ascii64", "utf8200"})
    public String kind;

    private PushedLine.Message message;
    private String rendered;
    private long tick;

    @Setup
    public void setUp() {
        String text = switch (kind) {
            case "ascii64" -> "hello everyone, the build is green again; who broke it before?!!"; // 64 chars
            case "utf8200" -> "Grüße aus Köln — ça va? 👋 les tests passent, même ceux de l'éditeur. ".repeat(3);
            default -> throw new IllegalArgumentException(kind);
        };
        message = new PushedLine.Message(LocalDateTime.of(2026, 11, 27, 17, 46, 36), "alice", text);
        rendered = message.render() + "\n";
    }

    @Benchmark
    public String render() {
        return message.render();
    }

    @Benchmark
    public byte[] renderAndEncode() {
        // a new time each call, as a live server has: no formatting cache gets a free hit
        tick++;
        PushedLine.Message m = new PushedLine.Message(message.time().plusSeconds(tick & 1023), message.sender(), message.text());
        return (m.render() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] encodeOnly() {
        return rendered.getBytes(StandardCharsets.UTF_8);
    }
}
