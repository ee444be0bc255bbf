package org.netcatchat.server.history;

import org.netcatchat.protocol.Wire;
import org.netcatchat.server.metrics.ServerEvents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cost of one append of a 100-byte line under {@code --fsync never}: the bare {@link HistoryFile}, and
 * {@link RotatingHistory} over it with rotation off and on (16 MiB files, so a rotation every ~170,000 appends).
 * Run: {@code java --enable-preview -cp ... org.openjdk.jmh.Main HistoryAppendBenchmark} (see chat-server/run-jmh.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class HistoryAppendBenchmark {
    @Param({"file", "rotation-off", "rotation-16m"})
    public String history;

    private final byte[] line = ("[2026-11-30 10:00:00][bench]:" + "x".repeat(70) + "\n").getBytes(StandardCharsets.UTF_8);
    private Path dir;
    private History target;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("history-bench");
        HistoryFile file = HistoryFile.open(dir.resolve("history.txt"), FsyncPolicy.NEVER,
                HistoryFile.longestLine(Wire.DEFAULT_MAX_LINE_BYTES), InstantSource.system());
        target = switch (history) {
            case "file" -> file;
            case "rotation-off" -> RotatingHistory.over(file, 0, 1, ServerEvents.NONE);
            case "rotation-16m" -> RotatingHistory.over(file, 16 * 1024 * 1024, 2, ServerEvents.NONE);
            default -> throw new IllegalArgumentException(history);
        };
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        target.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public long append() throws IOException {
        return target.append(line);
    }
}
