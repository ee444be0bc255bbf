package org.netcatchat.server;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netcatchat.testing.ServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar as {@code java -jar} starts it sets G1's periodic collection (HeapGiveBack) to one minute, read
 * from outside with {@code jcmd PID VM.flags -all}: under G1 when nobody chose a value, and not over an
 * operator's {@code -XX:G1PeriodicGCInterval}, nor under another collector. The collector is chosen through
 * {@code JAVA_TOOL_OPTIONS}, as an operator's environment would, so the answer does not depend on this machine's
 * CPU count (a JVM on one CPU picks Serial by itself).
 */
class HeapGiveBackIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -XX:+UseG1GC                           | 60000
            -XX:+UseG1GC -XX:G1PeriodicGCInterval=0    | 0
            -XX:+UseG1GC -XX:G1PeriodicGCInterval=5000 | 5000
            -XX:+UseSerialGC                       | 0
            """)
    void theServerSetsThePeriodicCollectionOnlyWhereItShould(String jvmOptions, long expected) throws Exception {
        try (ServerProcess server = ServerProcess.launch(dir, List.of("0", "--bind", "127.0.0.1", "--metrics-port", "0",
                "--history-file", dir.resolve("history.txt").toString()), Map.of("JAVA_TOOL_OPTIONS", jvmOptions))) {
            server.awaitListening();
            assertThat(periodicInterval(server.pid())).isEqualTo(expected);
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    private static long periodicInterval(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ServerProcess.javaExecutable()).resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.flags", "-all")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        Matcher flag = Pattern.compile("\\bG1PeriodicGCInterval\\s*=\\s*(\\d+)").matcher(out);
        assertThat(flag.find()).as(out).isTrue();
        return Long.parseLong(flag.group(1));
    }
}
