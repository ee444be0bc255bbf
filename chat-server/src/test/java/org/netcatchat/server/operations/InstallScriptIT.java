package org.netcatchat.server.operations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 11: {@code deploy/install.sh} as an operator runs it, under a root of the test's own: the real
 * image installed, then a second version installed over it. The README's old steps failed there twice: the
 * {@code ln -sfn /opt/chat-server-*}{@code /} step with two versions unpacked, and a second run overwrote the
 * operator's settings.
 */
class InstallScriptIT {
    private static final Path SCRIPT = Path.of("..", "deploy", "install.sh").toAbsolutePath().normalize();
    private static final Path DEFAULTS = Path.of("..", "deploy", "systemd", "chat-server.properties").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void anUpgradeSwitchesTheLinkKeepsTheOperatorsSettingsAndLeavesTheOldVersionToGoBackTo() throws Exception {
        Path image = Path.of(System.getProperty("netcatchat.server.image"));
        Path root = Files.createDirectories(dir.resolve("root"));
        String first = topFolder(image);
        Path settings = root.resolve("etc/netcat-chat/chat-server.properties");

        Result install = install(root, image.toString());
        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("opt/netcat-chat"))).hasToString(first);
        assertThat(settings).hasSameTextualContentAs(DEFAULTS);
        assertThat(root.resolve("etc/systemd/system/netcat-chat.service")).isRegularFile();
        Files.writeString(settings, "max-connections = 77\n", java.nio.file.StandardOpenOption.APPEND); // the operator's

        Path next = repackaged(image, "chat-server-9.9.9-test");
        Result upgrade = install(root, next.toString());
        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(upgrade.output()).contains("kept " + settings);

        assertThat(Files.readSymbolicLink(root.resolve("opt/netcat-chat"))).hasToString("chat-server-9.9.9-test");
        assertThat(Files.readString(settings)).endsWith("max-connections = 77\n");
        assertThat(settings.resolveSibling("chat-server.properties.dist")).hasSameTextualContentAs(DEFAULTS);
        assertThat(root.resolve("opt").resolve(first)).as("the old version, to go back to").isDirectory();
        Result version = run(List.of(root.resolve("opt/netcat-chat/bin/chat-server").toString(), "--version"), Map.of());
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("chat-server ");

        Result back = install(root, image.toString());
        assertThat(back.exitCode()).as(back.output()).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("opt/netcat-chat"))).hasToString(first);
        assertThat(Files.readString(settings)).endsWith("max-connections = 77\n");
    }

    @Test
    void twoImagesAtOnceAreRefusedWithTheUsageAndNothingIsInstalled() throws Exception {
        Path image = Path.of(System.getProperty("netcatchat.server.image"));
        Path root = Files.createDirectories(dir.resolve("root"));

        Result both = install(root, image.toString(), image.toString());

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.output()).contains("exactly one image");
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotAServerImageIsRefusedInOneLine() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path other = dir.resolve("other.tar.gz");
        Files.createDirectories(dir.resolve("stuff"));
        Files.writeString(dir.resolve("stuff/file"), "x");
        assertThat(run(List.of("tar", "-czf", other.toString(), "-C", dir.toString(), "stuff"), Map.of()).exitCode()).isZero();

        Result refused = install(root, other.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("is not a chat-server image");
        assertThat(root.resolve("opt/netcat-chat")).doesNotExist();
    }

    private Result install(Path root, String... images) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(images));
        return run(command, Map.of("ROOT", root.toString()));
    }

    /** The image's one top folder, {@code chat-server-VERSION}. */
    private String topFolder(Path image) throws IOException, InterruptedException {
        Result list = run(List.of("tar", "-tzf", image.toString()), Map.of());
        assertThat(list.exitCode()).isZero();
        return list.output().lines().findFirst().orElseThrow().replaceAll("/.*", "");
    }

    /** The same image as another version would be: its top folder renamed. */
    private Path repackaged(Path image, String top) throws IOException, InterruptedException {
        Path out = dir.resolve(top + ".tar.gz");
        Result tar = run(List.of("bash", "-c", "tar -xzf \"$1\" -C \"$2\" && mv \"$2\"/chat-server-* \"$2/$3\" && tar -czf \"$4\" -C \"$2\" \"$3\"",
                "repack", image.toString(), Files.createDirectories(dir.resolve("repack")).toString(), top, out.toString()), Map.of());
        assertThat(tar.exitCode()).as(tar.output()).isZero();
        return out;
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "run", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Result(process.exitValue(), Files.readString(output).strip());
    }
}
