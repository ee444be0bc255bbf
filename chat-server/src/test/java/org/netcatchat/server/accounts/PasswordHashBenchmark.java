package org.netcatchat.server.accounts;

import org.netcatchat.protocol.Password;
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

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * What one Argon2id check costs ({@link PasswordHash#matches}): the number docs/ARCHITECTURE.md gives for
 * {@code --password-memory} and {@code --password-iterations}. Run with
 * {@code chat-server/run-jmh.sh PasswordHashBenchmark}; not part of the test suite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class PasswordHashBenchmark {
    /** KiB and passes: the default, and the tests' cheap cost. */
    @Param({"19456:2", "1024:1"})
    String cost;

    private final Password password = new Password("correct-horse-battery");
    private PasswordHash hash;

    @Setup
    public void setUp() {
        String[] parts = cost.split(":");
        hash = PasswordHash.of(password, HashCost.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])),
                new SecureRandom());
    }

    @Benchmark
    public boolean check() {
        return hash.matches(password);
    }
}
