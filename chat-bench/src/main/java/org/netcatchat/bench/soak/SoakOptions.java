package org.netcatchat.bench.soak;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One soak run: how long, how many of each actor, and the server: a jar to start (with extra arguments),
 * or a running one to point at ({@code attach}: its chat and metrics addresses, pid, history file and,
 * optionally, its log).
 */
record SoakOptions(Duration duration, int chatters, int flooders, int saboteursPerFault,
                   Optional<Path> serverJar, List<String> serverArgs, Path workDir,
                   Optional<Attach> attach) {

    /** A server the soak did not start. */
    record Attach(InetSocketAddress chat, InetSocketAddress metrics, long pid, Path history, Optional<Path> log) {
    }

    SoakOptions {
        Objects.requireNonNull(duration, "duration");
        serverArgs = List.copyOf(serverArgs);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (chatters < 1 || chatters > 200 || flooders < 0 || flooders > 50 || saboteursPerFault < 0 || saboteursPerFault > 50) {
            throw new IllegalArgumentException("--chatters 1-200, --flooders 0-50, --saboteurs 0-50");
        }
        if (serverJar.isPresent() == attach.isPresent()) {
            throw new IllegalArgumentException("give either --server-jar or --port with --metrics-port, --server-pid and --history-file");
        }
    }

}
