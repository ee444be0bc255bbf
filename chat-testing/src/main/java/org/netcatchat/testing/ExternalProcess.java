package org.netcatchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real program the tests start beside the server ({@code redis-server}, {@code haproxy}): started with its
 * output in a log file, signalled with {@code kill}, waited for with a deadline. What {@link RedisProcess} and
 * {@link HaproxyProcess} share; package-private. Not thread-safe: one test drives it.
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
