package org.netcatchat.client.launch;

import org.junit.jupiter.api.Test;
import org.netcatchat.client.fixtures.Jars;
import org.netcatchat.testing.ServerJar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Both jars run on a Java that is too old, or the server without {@code --enable-preview}: one sentence
 * that says which Java is needed and how to run it, exit code 1, no stack trace. The jars' entry point is
 * chat-launcher's class compiled for Java 8; without it these print a {@code LinkageError} stack.
 *
 * <p>The old Java is the machine's own (Debian's default JDK is 17 here and in CI). Where none older than
 * 21 is installed, the two old-Java tests are skipped — except in CI, where that would hide the check.
 */
class WrongJavaIT {
    private static final Pattern RELEASE = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    @Test
    void serverJarOnAnOldJavaSaysItNeedsJava25() throws Exception {
        Result result = run(List.of(oldJava().toString(), "-jar", ServerJar.path().toString(), "0"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().getFirst()).startsWith("chat-server needs Java 25, but this is Java ")
                .contains("java --enable-preview -jar chat-server.jar");
    }

    @Test
    void clientJarOnAnOldJavaSaysItNeedsJava21() throws Exception {
        Result result = run(List.of(oldJava().toString(), "-jar", Jars.client().toString(), "localhost", "1"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().getFirst()).startsWith("chat-client-tui needs Java 21 or newer, but this is Java ");
    }

    @Test
    void serverJarWithoutEnablePreviewSaysHowToRunIt() throws Exception {
        Result result = run(List.of(Jars.java(), "-jar", ServerJar.path().toString(), "0", "--metrics-port", "0"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly(
                "chat-server uses Java 25 preview features; run it as: java --enable-preview -jar chat-server.jar [port] [options]");
    }

    @Test
    void theRightJavaGoesStraightThroughToTheRealMain() throws Exception {
        assertThat(System.getProperty("netcatchat.version")).as("the project version, from the pom").isNotBlank();
        Result result = run(List.of(Jars.java(), "-jar", Jars.client().toString(), "--version"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).containsExactly("chat-client-tui " + System.getProperty("netcatchat.version"));
    }

    private record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("wrong-java", ".out");
        Path err = Files.createTempFile("wrong-java", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
            return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A java older than 21 from the usual install folder, read from each JDK's {@code release} file. */
    private static Path oldJava() throws IOException {
        Optional<Path> found = Optional.empty();
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                List<Path> candidates = new ArrayList<>(homes.sorted().toList());
                for (Path home : candidates) {
                    Path release = home.resolve("release");
                    Path java = home.resolve("bin/java");
                    if (Files.isRegularFile(release) && Files.isExecutable(java)) {
                        Matcher m = RELEASE.matcher(Files.readString(release));
                        if (m.find() && Integer.parseInt(m.group(1)) < 21) {
                            found = Optional.of(java);
                            break;
                        }
                    }
                }
            }
        }
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs a Java older than 21 under /usr/lib/jvm for this test (Debian's default-jre)");
        }
        assumeThat(found).as("a Java older than 21 under /usr/lib/jvm").isPresent();
        return found.orElseThrow();
    }
}
