package org.netcatchat.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Every knob of one run, validated. {@link Main} builds it from the command line; tests build it directly.
 *
 * @param rate        total messages per second over all senders; 0 = as fast as the window allows
 * @param window      unconfirmed messages a sender may have; 0 = no limit (only with a rate)
 * @param idle        hold the connections joined and measure memory instead of sending
 * @param inflightJoins connections that may be between connect and joined at once, so a big fleet does not
 *                    overrun the server's accept backlog
 * @param targets     the servers, at least one: connection i goes to {@code targets[i mod k]}, so both the
 *                    senders (the first ones) and the receivers are spread over them
 * @param serverPids  the processes whose CPU and memory are measured (summed): the server, or every node of a
 *                    cluster and its Redis; empty when not measured
 * @param metricsUrls {@code /metrics} pages scraped once a second during the measured window for the cluster
 *                    lag; empty for none
 * @param rooms       which room each connection is in: all in the dialect's one room, or dealt to several
 */
record BenchOptions(
        Dialect dialect,
        List<InetSocketAddress> targets,
        int connections,
        int senders,
        int rate,
        int window,
        Duration duration,
        Duration warmup,
        Duration drainTimeout,
        Duration setupTimeout,
        int payloadBytes,
        List<ServerPid> serverPids,
        boolean heapAfterGc,
        boolean idle,
        int ioThreads,
        int inflightJoins,
        String namePrefix,
        String label,
        List<URI> metricsUrls,
        RoomPlan rooms) {

    BenchOptions {
        Objects.requireNonNull(dialect, "dialect");
        targets = List.copyOf(targets);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(setupTimeout, "setupTimeout");
        serverPids = List.copyOf(serverPids);
        metricsUrls = List.copyOf(metricsUrls);
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(rooms, "rooms");
        require(!targets.isEmpty(), "at least one --port is needed");
        for (InetSocketAddress target : targets) {
            if (target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("chat-bench only loads a server on this machine: "
                        + target.getHostString() + " is not a loopback address (use 127.0.0.1 or ::1)");
            }
        }
        require(connections >= 1, "--connections must be at least 1");
        require(senders >= 0 && senders <= connections, "--senders must be from 0 to --connections");
        require(idle || senders >= 1, "a load run needs at least one sender (or use --idle)");
        require(rooms.fits(connections), "--rooms must divide --connections: every room gets as many members");
        require(dialect.fanout(rooms.members(connections)) >= 1 || idle,
                "IRC does not echo to the sender: a load run needs at least 2 connections in each room");
        require(rate >= 0, "--rate must be 0 (as fast as possible) or more");
        require(window >= 0, "--window must be 0 (no limit) or more");
        require(rate > 0 || window > 0 || idle, "without --rate, a --window of at least 1 is needed");
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(!warmup.isNegative() && warmup.compareTo(duration) < 0, "--warmup must be shorter than --duration");
        require(payloadBytes >= 1 && payloadBytes <= 3000, "--payload-bytes must be from 1 to 3000");
        require(ioThreads >= 1 && ioThreads <= 64, "--io-threads must be from 1 to 64");
        require(inflightJoins >= 1, "--inflight-joins must be at least 1");
        require(!namePrefix.isEmpty() && namePrefix.chars().allMatch(c -> Character.isLetter(c)),
                "--name-prefix must be letters only");
    }

    /** Everyone in the dialect's one room, as before there were rooms. */
    BenchOptions(Dialect dialect, List<InetSocketAddress> targets, int connections, int senders, int rate, int window,
                 Duration duration, Duration warmup, Duration drainTimeout, Duration setupTimeout, int payloadBytes,
                 List<ServerPid> serverPids, boolean heapAfterGc, boolean idle, int ioThreads, int inflightJoins,
                 String namePrefix, String label, List<URI> metricsUrls) {
        this(dialect, targets, connections, senders, rate, window, duration, warmup, drainTimeout, setupTimeout,
                payloadBytes, serverPids, heapAfterGc, idle, ioThreads, inflightJoins, namePrefix, label, metricsUrls,
                RoomPlan.ONE_ROOM);
    }

    /** One target, as before there were several: the options of a run against a single server. */
    BenchOptions(Dialect dialect, InetSocketAddress target, int connections, int senders, int rate, int window,
                 Duration duration, Duration warmup, Duration drainTimeout, Duration setupTimeout, int payloadBytes,
                 OptionalLong serverPid, boolean heapAfterGc, boolean idle, int ioThreads, int inflightJoins,
                 String namePrefix, String label) {
        this(dialect, List.of(target), connections, senders, rate, window, duration, warmup, drainTimeout,
                setupTimeout, payloadBytes,
                serverPid.isPresent() ? List.of(ServerPid.of(serverPid.getAsLong())) : List.of(),
                heapAfterGc, idle, ioThreads, inflightJoins, namePrefix, label, List.of());
    }

    /** The server connection {@code index} goes to: the targets in turn. */
    InetSocketAddress targetOf(int index) {
        return targets.get(index % targets.size());
    }

    /** Members of each room: every connection when they are all in one. */
    int membersPerRoom() {
        return rooms.members(connections);
    }

    /** The part of the run whose numbers are reported. */
    Duration measured() {
        return duration.minus(warmup);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
