package org.netcatchat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} for the cluster tests (never a mock): on loopback, on a port that was free, with
 * its own data directory, no RDB snapshots ({@code --save ""}) and the append-only file on or off. It is ready
 * when it answers {@code PING}. It can be stopped, killed ({@code SIGKILL}: a crash), paused ({@code SIGSTOP},
 * a stalled Redis) and resumed, and restarted on the same port and directory, so it comes back with what its
 * append-only file kept.
 *
 * <p>Plain JDK (the {@code PING} is a few bytes of RESP by hand), so this module stays free of a Redis client.
 * Not thread-safe: one test drives it.
 */
public final class RedisProcess implements AutoCloseable {
    /** Whether Redis writes its append-only file: {@code --appendonly yes|no}. */
    public enum Persistence { APPEND_ONLY, NONE }

    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final int port;
    private final Persistence persistence;
    private final List<String> extraArgs;
    private ExternalProcess process;

    private RedisProcess(Path dir, int port, Persistence persistence, List<String> extraArgs, ExternalProcess process) {
        this.dir = dir;
        this.port = port;
        this.persistence = persistence;
        this.extraArgs = List.copyOf(extraArgs);
        this.process = process;
    }

    /** Starts Redis with its data (and its log, {@code redis.log}) in {@code dir}, and waits until it answers PING. */
    public static RedisProcess start(Path dir, Persistence persistence, String... extraArgs) {
        return ExternalProcess.startOnFreePort(port -> {
            ExternalProcess process = launch(dir, port, persistence, List.of(extraArgs));
            return new ExternalProcess.Attempt<>(new RedisProcess(dir, port, persistence, List.of(extraArgs), process),
                    process, () -> ping(port));
        });
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, as {@code --cluster} takes it. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether it answers {@code PING} with {@code PONG} now (false while paused or down). */
    public boolean answersPing() {
        return ping(port);
    }

    /** SIGKILL: no save, no goodbye; returns once the process is gone. */
    public void kill() {
        process.signal("KILL");
        process.awaitExit();
    }

    /** SIGSTOP: the process stays, connections stay open, nothing is answered until {@link #resume}. */
    public void pause() {
        process.signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        process.signal("CONT");
    }

    /** SIGTERM (Redis' own clean shutdown) and wait for the exit. @return its exit status */
    public int stop() {
        process.signal("CONT");
        process.signal("TERM");
        return process.awaitExit();
    }

    /**
     * Starts Redis again on the same port with the same directory and options (after {@link #stop} or
     * {@link #kill}), and waits until it answers PING.
     */
    public void restart() {
        if (process.isAlive()) {
            stop();
        }
        process = launch(dir, port, persistence, extraArgs);
        process.awaitReady(() -> ping(port));
    }

    /** What Redis logged (its {@code redis.log}), for failure messages. */
    public String log() {
        return process.logText();
    }

    @Override
    public void close() {
        process.stopQuietly();
    }

    private static ExternalProcess launch(Path dir, int port, Persistence persistence, List<String> extraArgs) {
        List<String> command = new ArrayList<>(List.of("redis-server",
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toAbsolutePath().toString(),
                "--save", "",
                "--appendonly", persistence == Persistence.APPEND_ONLY ? "yes" : "no",
                "--daemonize", "no"));
        command.addAll(extraArgs);
        return ExternalProcess.start("redis-server on port " + port, command, dir, dir.resolve("redis.log"));
    }

    /** One {@code PING} over a fresh connection, with a short timeout: true for {@code +PONG}. */
    private static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(PING);
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7); // "+PONG\r\n"
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }
}
