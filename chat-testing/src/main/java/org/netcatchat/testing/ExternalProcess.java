package org.netcatchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * A real program the tests start beside the server ({@code redis-server}, {@code haproxy}, {@code prometheus}):
 * started on a port that was free, with its output in a log file, signalled with {@code kill}, waited for with a
 * deadline. What {@link RedisProcess}, {@link HaproxyProcess} and {@link PrometheusProcess} share; package-private.
 * Not thread-safe: one test drives it ({@link #startOnFreePort} keeps no state between calls).
 */
final class ExternalProcess {
    /** Generous: a real program starts in milliseconds, even on a loaded 2-core CI machine. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final String what;
    private final Process process;
    private final Path log;

    private ExternalProcess(String what, Process process, Path log) {
        this.what = what;
        this.process = process;
        this.log = log;
    }

    /** A port taken between the probe and the program's bind makes it exit: another port is tried, this many times. */
    static final int ATTEMPTS = 5;

    /** One attempt's start on its port: the fixture to hand back, its process, and what says it is ready. */
    record Attempt<T>(T fixture, ExternalProcess process, BooleanSupplier ready) {
    }

    /**
     * Calls {@code launch} with a port that was free ({@link FreePort#pick}) and waits until what it started is
     * ready. If the process ends first or is not ready in time, most likely because another process took the port
     * between the probe and the bind, it is stopped and another port tried, {@value #ATTEMPTS} times in all; then
     * the last attempt's failure (with its log) is thrown. What {@code launch} itself throws (a program that is not
     * installed, a config that cannot be written) is no port race and ends it at once.
     */
    static <T> T startOnFreePort(IntFunction<Attempt<T>> launch) {
        AssertionError last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Attempt<T> started = launch.apply(FreePort.pick());
            try {
                started.process().awaitReady(started.ready());
                return started.fixture();
            } catch (AssertionError e) {
                started.process().stopQuietly();
                last = e; // most likely the port was taken meanwhile: try another
            }
        }
        throw last;
    }

    /** Writes a program's configuration file (and its directory); a failure is the fixture's, unchecked. */
    static void writeConfig(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} in {@code dir}, stdout and stderr together in {@code log}. */
    static ExternalProcess start(String what, List<String> command, Path dir, Path log) {
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ExternalProcess(what, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what + " (" + command.getFirst() + " installed?)", e);
        }
    }

    /**
     * Waits until {@code ready} holds; fails with the log if the process ends first or the deadline passes. There is
     * no event to wait on (a port that starts accepting), so it looks every {@value #POLL_MILLIS} ms.
     */
    void awaitReady(BooleanSupplier ready) {
        long until = System.nanoTime() + DEADLINE.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(what + " ended (exit status " + process.exitValue() + ") before it was ready: "
                        + logText());
            }
            if (System.nanoTime() - until > 0) {
                process.destroyForcibly();
                throw new AssertionError(what + " was not ready within " + DEADLINE + ": " + logText());
            }
            pause();
        }
    }

    private static final long POLL_MILLIS = 20;

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " (" + what + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending SIG" + name + " to " + what, e);
        }
    }

    /** Waits for the process to end; kills it and fails at the deadline. @return its exit status */
    int awaitExit() {
        try {
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError(what + " did not exit within " + DEADLINE + ": " + logText());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what + " to exit", e);
        }
    }

    /** SIGTERM and wait; SIGKILL if that takes past the deadline. Never throws: used in {@code close}. */
    void stopQuietly() {
        if (!process.isAlive()) {
            return;
        }
        try {
            signal("CONT"); // a paused process cannot act on SIGTERM
            signal("TERM");
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a process to be ready", e);
        }
    }
}
