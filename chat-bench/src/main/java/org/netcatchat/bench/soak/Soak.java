package org.netcatchat.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * The chaos soak: a bounded mix of well-behaved and hostile clients against one real server process, with
 * its invariants checked during and after. Phases, in order:
 * <ol>
 *   <li><b>start</b> the server from its jar (or attach to a running one);</li>
 *   <li><b>warm up</b> for a few seconds with one chatter and one churner, let the server settle, and take
 *       the baseline of its file descriptors and threads;</li>
 *   <li><b>load</b> for the duration: chatters, flooders and one saboteur per {@link Fault} (times
 *       {@code saboteursPerFault}), while a watcher scrapes {@code /metrics} every second;</li>
 *   <li><b>drain</b>: every actor finishes its session and stops by itself;</li>
 *   <li><b>settle</b>: the gauges must come back to reality (no connection open, nobody joined, no
 *       connection thread), and file descriptors and threads to the baseline;</li>
 *   <li><b>check</b> the history (every view a slice, every ACKed message once), stop the server
 *       (exit status 0), check its log (no ERROR, no exception).</li>
 * </ol>
 */
final class Soak {
    /** Warm-up: long enough for every lazily created thread and descriptor of a busy server to exist. */
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofMinutes(2);
    /**
     * Platform threads a JVM may add or retire by itself while idle (dynamic JIT compiler threads, the
     * virtual-thread scheduler's carriers up to the core count, GC workers): a leak grows with the
     * thousands of connections a soak makes, far past this.
     */
    static final long THREAD_ALLOWANCE = 6;
    private static final String[] GAUGES = {"netcat_active_connections", "netcat_joined_clients",
            "netcat_connection_virtual_threads"};

    private Soak() {
    }

    static SoakReport run(SoakOptions options) throws IOException, InterruptedException {
        Ledger ledger = new Ledger();
        long started = System.nanoTime();
        try (ServerUnderTest server = server(options)) {
            Arena warmUpArena = arena("w", server, ledger, WARM_UP);
            List<Thread> warmUp = startActors(warmUpArena, 1, 0, 0);
            warmUp.add(Thread.ofVirtual().name("soak-warm-up-churn").start(new Saboteur(warmUpArena, Fault.CHURN, 0)));
            join(warmUp, warmUpArena, ledger);
            settle(server, ledger, OptionalLong.empty(), OptionalLong.empty());
            OptionalLong fdsBaseline = server.fileDescriptors();
            OptionalLong threadsBaseline = server.threads();

            Arena arena = arena("", server, ledger, options.duration());
            List<Thread> load = startActors(arena, options.chatters(), options.flooders(), options.saboteursPerFault());
            Thread watcher = Thread.ofVirtual().name("soak-metrics-watcher").start(() -> watch(server, arena));
            load.add(watcher);
            join(load, arena, ledger);

            settle(server, ledger, fdsBaseline, threadsBaseline);
            OptionalLong fdsEnd = server.fileDescriptors();
            OptionalLong threadsEnd = server.threads();

            List<String> history = server.historyLines();
            Invariants.messagesOnceEach(history, ledger.sent(), ledger.acked(), ledger);
            Invariants.viewsAreSlicesOfHistory(history, ledger.views(), ledger);
            OptionalLong exit = server.stop();
            if (exit.isPresent() && exit.getAsLong() != 0) {
                ledger.violation("the server exited with status " + exit.getAsLong() + " after SIGTERM");
            }
            if (server.log().isPresent()) {
                Invariants.cleanLog(Files.readAllLines(server.log().get(), StandardCharsets.UTF_8), ledger);
            }
            return new SoakReport((System.nanoTime() - started) / 1e9, ledger.connections(), ledger.sent().size(),
                    ledger.acked().size(), history.size(), ledger.faults(), ledger.violationCount(),
                    ledger.violations(), fdsBaseline, fdsEnd, threadsBaseline, threadsEnd, exit);
        }
    }

    private static ServerUnderTest server(SoakOptions options) throws IOException {
        if (options.attach().isPresent()) {
            SoakOptions.Attach a = options.attach().get();
            return ServerUnderTest.attach(a.chat(), a.metrics(), a.pid(), a.history(), a.log());
        }
        Files.createDirectories(options.workDir());
        return ServerUnderTest.start(options.serverJar().orElseThrow(), options.workDir(), options.serverArgs());
    }

    private static Arena arena(String phase, ServerUnderTest server, Ledger ledger, Duration length) {
        return new Arena(phase, server.chat(), server.metrics(), ledger, System.nanoTime() + length.toNanos());
    }

    private static List<Thread> startActors(Arena arena, int chatters, int flooders, int saboteursPerFault) {
        List<Thread> actors = new ArrayList<>();
        for (int i = 0; i < chatters; i++) {
            actors.add(Thread.ofVirtual().name("soak-chatter-" + i).start(new Chatter(arena, i)));
        }
        for (int i = 0; i < flooders; i++) {
            actors.add(Thread.ofVirtual().name("soak-flooder-" + i).start(new Flooder(arena, i)));
        }
        for (Fault fault : Fault.values()) {
            for (int i = 0; i < saboteursPerFault; i++) {
                actors.add(Thread.ofVirtual().name("soak-" + fault.label() + "-" + i).start(new Saboteur(arena, fault, i)));
            }
        }
        return actors;
    }

    /** Every actor stops by itself once the arena closes; one that has not within DRAIN is a violation. */
    private static void join(List<Thread> actors, Arena arena, Ledger ledger) throws InterruptedException {
        long until = arena.stopAtNanos() + DRAIN.toNanos();
        for (Thread actor : actors) {
            long left = Math.max(1, (until - System.nanoTime()) / 1_000_000);
            if (!actor.join(Duration.ofMillis(left))) {
                ledger.violation(actor.getName() + " did not stop within " + DRAIN + " of the end of the load");
                actor.interrupt();
            }
        }
    }

    /** During the load: /metrics answers every second (stalled scrapers notwithstanding), gauges never negative. */
    private static void watch(ServerUnderTest server, Arena arena) {
        while (arena.running()) {
            Optional<Map<String, Double>> page = server.scrape();
            if (page.isEmpty()) {
                arena.ledger().violation("a scrape of /metrics failed during the load");
            } else {
                for (String gauge : GAUGES) {
                    double value = page.get().getOrDefault(gauge, -1.0);
                    if (value < 0) {
                        arena.ledger().violation("during the load " + gauge + " was " + value);
                    }
                }
            }
            try {
                Arena.pause(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * After the load: the gauges must come to 0 (every soak socket is closed by now, so that is reality),
     * and, given a baseline, descriptors to at most the baseline and threads to the baseline plus
     * {@link #THREAD_ALLOWANCE}. Polls until true or SETTLE passes; what is still off is a violation.
     */
    private static void settle(ServerUnderTest server, Ledger ledger, OptionalLong fds, OptionalLong threads)
            throws InterruptedException {
        BooleanSupplier gaugesAtZero = () -> server.scrape()
                .map(page -> {
                    for (String gauge : GAUGES) {
                        if (page.getOrDefault(gauge, -1.0) != 0.0) {
                            return false;
                        }
                    }
                    return true;
                })
                .orElse(false);
        BooleanSupplier backToBaseline = () -> (fds.isEmpty() || server.fileDescriptors().orElse(Long.MAX_VALUE) <= fds.getAsLong())
                && (threads.isEmpty() || server.threads().orElse(Long.MAX_VALUE) <= threads.getAsLong() + THREAD_ALLOWANCE);
        long until = System.nanoTime() + SETTLE.toNanos();
        while (!(gaugesAtZero.getAsBoolean() && backToBaseline.getAsBoolean())) {
            if (System.nanoTime() - until > 0) {
                Map<String, Double> page = server.scrape().orElse(Map.of());
                StringBuilder what = new StringBuilder("after the load did not settle within " + SETTLE + ":");
                for (String gauge : GAUGES) {
                    what.append(' ').append(gauge).append('=').append(page.get(gauge));
                }
                what.append(" fds=").append(server.fileDescriptors()).append(" (baseline ").append(fds).append(')')
                        .append(" threads=").append(server.threads()).append(" (baseline ").append(threads).append(')');
                ledger.violation(what.toString());
                return;
            }
            Arena.pause(200); // polling another process's /proc and /metrics: no event to wait on
        }
    }
}
