package org.netcatchat.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code chat-server.jar} as a separate process, for what only a process shows: signals, exit codes, a
 * crash, a restart as clients see it. {@link #start} binds chat port 0 and reads the port back from the
 * start-up line, so no chat port is guessed. (The server takes metrics port 0 to mean "off", so {@link #start}
 * turns metrics off; a test that wants them passes {@code --metrics-port} with a {@link FreePort}, and
 * {@link #metricsPort} reads it back from the same line.) Its output is captured line by line (or, for a long
 * soak, sent to a file); stopping is SIGTERM, the server's graceful stop, with a deadline on every wait.
 *
 * <p>A broken expectation (no start-up line, no exit in time) is an {@link AssertionError}, as a test
 * framework's would be: this class needs none, so the soak tool can use it outside a test. Not thread-safe:
 * one test drives it; only the output capture runs on threads of its own.
 */
public final class ServerProcess implements AutoCloseable {
    /** Generous: only a broken server takes this long to start or stop, even on a loaded 2-core CI machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]*:(\\d+)[; ]");
    private static final Pattern METRICS = Pattern.compile("metrics on http://[^ ]*:(\\d+)/metrics");
    private static final Duration POLL = Duration.ofMillis(20);

    private final Process process;
    /** How {@link #start} began this server, for {@link #restart}; empty for {@link #launch} and {@link #exec}. */
    private final Optional<Setup> setup;
    private final Optional<Path> logFile;
    // Guarded by being copy-on-write: the capture threads append, the test reads.
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    /** A server begun by {@link #start}: its jar, its own folder, the arguments after the defaults, its log. */
    private record Setup(Path jar, Path dir, List<String> extraArgs, Optional<Path> logFile) {
        Setup {
            extraArgs = List.copyOf(extraArgs);
        }
    }

    private ServerProcess(Process process, Optional<Setup> setup, Optional<Path> logFile) {
        this.process = process;
        this.setup = setup;
        this.logFile = logFile;
        if (logFile.isEmpty()) {
            readers.add(Thread.ofVirtual().name("server-stderr-" + process.pid())
                    .start(() -> collect(process.getErrorStream(), stderr)));
            readers.add(Thread.ofVirtual().name("server-stdout-" + process.pid())
                    .start(() -> collect(process.getInputStream(), stdout)));
        }
    }

    /**
     * Starts the jar on loopback port 0, metrics off, with its history in {@code dir/history.txt}, and waits
     * until it listens. {@code extraArgs} come after those defaults: a later option wins, so they can
     * override one. Give each server that runs at the same time its own {@code dir}.
     */
    public static ServerProcess start(Path dir, String... extraArgs) {
        return start(ServerJar.path(), dir, List.of(extraArgs), Optional.empty());
    }

    /**
     * {@link #start(Path, String...)} of a given jar (the soak tool's {@code --server-jar}) rather than
     * {@link ServerJar#path()}'s, with stderr and stdout together in {@code logFile} instead of in memory when
     * given: a soak's log outgrows a list.
     */
    public static ServerProcess start(Path jar, Path dir, List<String> extraArgs, Optional<Path> logFile) {
        return startOn(0, new Setup(jar, dir, extraArgs, logFile));
    }

    /**
     * Stops this server (SIGTERM, its graceful stop; it must exit within the deadline) and starts a new one on
     * the same port with the same history file and arguments: a server restart as clients see it.
     */
    public ServerProcess restart() {
        Setup again = setup.orElseThrow(() -> new IllegalStateException("only a server begun by start() restarts"));
        int port = port();
        stop();
        return startOn(port, again);
    }

    /**
     * SIGKILL (a crash), then a new server on the same port with the same arguments, as systemd's
     * {@code Restart=on-failure} brings a crashed node back.
     */
    public ServerProcess crashAndRestart() {
        Setup again = setup.orElseThrow(() -> new IllegalStateException("only a server begun by start() restarts"));
        int port = port();
        kill();
        return startOn(port, again);
    }

    /** Starts the jar with exactly these arguments and does not wait for anything. */
    public static ServerProcess launch(Path workingDir, List<String> args) {
        return launch(workingDir, args, Map.of());
    }

    /** Starts the jar with exactly these arguments and these variables added to its environment. */
    public static ServerProcess launch(Path workingDir, List<String> args, Map<String, String> environment) {
        ProcessBuilder builder = command(ServerJar.path(), workingDir, args);
        builder.environment().putAll(environment);
        return begin(builder, workingDir, Optional.empty(), Optional.empty());
    }

    /**
     * Any command that runs the server (the runtime image's {@code bin/chat-server}, say), with
     * {@code environment} as its whole environment when {@code replaceEnvironment}, else added to ours.
     */
    public static ServerProcess exec(Path workingDir, List<String> command, Map<String, String> environment,
                                     boolean replaceEnvironment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        if (replaceEnvironment) {
            builder.environment().clear();
        }
        builder.environment().putAll(environment);
        return begin(builder, workingDir, Optional.empty(), Optional.empty());
    }

    /** Waits until the start-up line names the port; fails with the server's output if it ends first. */
    public ServerProcess awaitListening() {
        long until = System.nanoTime() + DEADLINE.toNanos();
        while (listeningPort().isEmpty()) {
            if (!process.isAlive() && listeningPort().isEmpty()) {
                awaitOutputEnd();
                throw new AssertionError("the server did not start (exit status " + process.exitValue() + "): "
                        + String.join("\n", stderr()));
            }
            if (System.nanoTime() - until > 0) {
                process.destroyForcibly(); // a server nobody can use must not outlive the test
                throw new AssertionError("the server did not log its port within " + DEADLINE + ": "
                        + String.join("\n", stderr()));
            }
            pause();
        }
        return this;
    }

    /** The chat port from the start-up line; fails before the server has logged it. */
    public int port() {
        return listeningPort().orElseThrow(() -> new AssertionError("the server has not logged its port yet"));
    }

    /** The metrics port from the start-up line; fails before it is logged or when metrics are off (the default). */
    public int metricsPort() {
        return portIn(METRICS).orElseThrow(() -> new AssertionError("the server has logged no metrics port: " + stderr()));
    }

    /** The history file of a server begun by {@link #start}: {@code dir/history.txt}, the same across restarts. */
    public Path historyFile() {
        return setup.orElseThrow(() -> new IllegalStateException("only a server begun by start() has a known history file"))
                .dir().resolve("history.txt");
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

    /** SIGSTOP: the process stays, its sockets stay open, it does nothing until {@link #resume}: a stalled server. */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend}. */
    public void resume() {
        signal("CONT");
    }

    /** SIGKILL: no hook, no cleanup — a crash. Returns once the process is gone. */
    public void kill() {
        signal("KILL");
        awaitExit();
    }

    /** SIGTERM and {@link #awaitExit}: the graceful stop, and its exit status. */
    public int stop() {
        if (process.isAlive()) {
            terminate();
        }
        return awaitExit();
    }

    /**
     * Waits for the process to end and returns its exit status; all of its output has been captured by then.
     * Kills it and fails if it is still running at the deadline.
     */
    public int awaitExit() {
        try {
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the server did not exit within " + DEADLINE + ": " + String.join("\n", stderr()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server to exit", e);
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    /**
     * Every line the process wrote to stderr so far; all of them once {@link #awaitExit} has returned. With a log
     * file, the file's lines (stderr and stdout together).
     */
    public List<String> stderr() {
        return logFile.map(ServerProcess::readLines).orElseGet(() -> List.copyOf(stderr));
    }

    /** Every line the process wrote to stdout so far; with a log file, the file's lines, as {@link #stderr}. */
    public List<String> stdout() {
        return logFile.map(ServerProcess::readLines).orElseGet(() -> List.copyOf(stdout));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The graceful stop if the process still runs (SIGTERM), SIGKILL if that takes past the deadline. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            signal("TERM");
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly(); // the signal failed: the process must not outlive the test all the same
        }
    }

    /** The java that runs the server: the one running us (JDK 25 under Maven and in the soak tool). */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static ServerProcess startOn(int port, Setup setup) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(port), "--bind", "127.0.0.1",
                "--metrics-port", "0", "--history-file", setup.dir().resolve("history.txt").toString()));
        args.addAll(setup.extraArgs());
        return begin(command(setup.jar(), setup.dir(), args), setup.dir(), Optional.of(setup), setup.logFile())
                .awaitListening();
    }

    /**
     * {@code java --enable-preview -jar} a private copy of the jar. A test run started from a script in the
     * background inherits SIGINT ignored (a non-interactive shell's background jobs ignore it), one started
     * under nohup SIGHUP too, and a JVM that starts with a signal ignored keeps ignoring it, as nohup users
     * expect. These tests want the dispositions of a server started from a terminal or by systemd, where
     * Ctrl+C and logrotate's SIGHUP reach the server: GNU env restores them.
     */
    private static ProcessBuilder command(Path jar, Path workingDir, List<String> args) {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,HUP", javaExecutable(),
                "--enable-preview", "-jar", privateCopy(jar, workingDir).toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(workingDir.toFile());
    }

    private static ServerProcess begin(ProcessBuilder builder, Path dir, Optional<Setup> setup, Optional<Path> logFile) {
        try {
            Files.createDirectories(dir);
            if (logFile.isPresent()) {
                builder.redirectErrorStream(true).redirectOutput(logFile.get().toFile());
            }
            return new ServerProcess(builder.start(), setup, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of the server jar for the servers started in {@code dir} alone: a JVM reads classes from its jar
     * lazily, so a rebuild of the jar in the shared tree while a test runs would break a server running from it.
     * It lives in a folder of its own, so a test that looks at {@code dir} sees only what the server wrote.
     */
    private static Path privateCopy(Path jar, Path dir) {
        try {
            Path copy = dir.resolve(".server-jar").resolve("chat-server.jar");
            if (!Files.exists(copy)) {
                Files.createDirectories(copy.getParent());
                Files.copy(jar, copy);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OptionalInt listeningPort() {
        return portIn(LISTENING);
    }

    private OptionalInt portIn(Pattern pattern) {
        for (String line : stderr()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return OptionalInt.of(Integer.parseInt(m.group(1)));
            }
        }
        return OptionalInt.empty();
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending SIG" + name, e);
        }
    }

    /** The pipes reach EOF once the process is gone, so the capture threads end soon after it. */
    private void awaitOutputEnd() {
        try {
            for (Thread reader : readers) {
                if (!reader.join(DEADLINE)) {
                    throw new AssertionError("the server's output did not end within " + DEADLINE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while reading the server's last output", e);
        }
    }

    /** Between two looks at a starting process's output: there is no event to wait on. */
    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server to start", e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            // Leniently decoded: the server may be half-way through writing a line (and a character).
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(InputStream in, List<String> into) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
