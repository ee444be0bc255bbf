package org.netcatchat.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The real {@code chat-server.jar} as a separate process, for what only a process shows: signals, exit
 * codes, a crash. Built by {@code mvn package} before the integration tests run.
 */
public final class ServerProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "chat-server.jar").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]*:(\\d+);");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<String> stdout = new CopyOnWriteArrayList<>();

    private final Thread stderrReader;
    private final Thread stdoutReader;

    private ServerProcess(Process process) {
        this.process = process;
        this.stderrReader = Thread.ofVirtual().start(() -> collect(process.getErrorStream(), stderr));
        this.stdoutReader = Thread.ofVirtual().start(() -> collect(process.getInputStream(), stdout));
    }

    /** Starts the jar on a free port with its history in {@code dir} and waits until it listens. */
    public static ServerProcess start(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("0", "--bind", "127.0.0.1", "--metrics-port", "0",
                "--history-file", dir.resolve("history.txt").toString()));
        all.addAll(List.of(args));
        return launch(dir, all).awaitListening();
    }

    /** Starts the jar with exactly these arguments and does not wait for anything. */
    public static ServerProcess launch(Path workingDir, List<String> args) {
        return launch(workingDir, args, java.util.Map.of());
    }

    /** Starts the jar with exactly these arguments and these variables added to its environment. */
    public static ServerProcess launch(Path workingDir, List<String> args, java.util.Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            fail("%s is missing: integration tests run after `mvn package`", JAR);
        }
        // A test run started from a script in the background inherits SIGINT ignored (a non-interactive shell's
        // background jobs ignore it), and a JVM that starts with SIGINT ignored keeps ignoring it, as nohup users
        // expect. These tests want a terminal's disposition, where Ctrl+C reaches the server: GNU env restores it.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", javaExecutable(), "--enable-preview",
                "-jar", JAR.toString()));
        command.addAll(args);
        return exec(workingDir, command, environment, false);
    }

    /**
     * Any command that runs the server (the runtime image's {@code bin/chat-server}, say), with
     * {@code environment} as its whole environment when {@code replaceEnvironment}, else added to ours.
     */
    public static ServerProcess exec(Path workingDir, List<String> command, java.util.Map<String, String> environment,
                                     boolean replaceEnvironment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
            if (replaceEnvironment) {
                builder.environment().clear();
            }
            builder.environment().putAll(environment);
            return new ServerProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the start-up line names the port; fails with stderr if the process ends first. */
    public ServerProcess awaitListening() {
        await().atMost(DEADLINE).until(() -> port() > 0 || !process.isAlive());
        if (port() <= 0) {
            fail("server did not start; stderr: %s", stderr);
        }
        return this;
    }

    /** The chat port from the start-up line, or -1 before it is logged. */
    public int port() {
        for (String line : stderr) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM. (Not Process.destroy(): it also closes our end of the pipes, losing the last log lines.) */
    public void terminate() {
        signal("TERM");
    }

    /** SIGINT, as Ctrl+C in a terminal sends it. */
    public void interrupt() {
        signal("INT");
    }

    /** SIGHUP, as logrotate's postrotate sends it. */
    public void hangUp() {
        signal("HUP");
    }

    /** SIGKILL: no hook, no cleanup — a crash. */
    public void kill() {
        signal("KILL");
    }

    public int awaitExit() {
        try {
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return fail("server did not exit within %s; stderr: %s", DEADLINE, stderr);
            }
            stderrReader.join(DEADLINE); // the pipes reach EOF once the process is gone
            stdoutReader.join(DEADLINE);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Everything the process wrote to stderr so far; all of it once {@link #awaitExit} has returned. */
    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                fail("kill -%s %d failed", name, process.pid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void collect(java.io.InputStream in, List<String> into) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
