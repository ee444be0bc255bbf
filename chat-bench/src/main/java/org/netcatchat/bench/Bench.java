package org.netcatchat.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * One run, start to end: connect and join the fleet, sync, then either load (send for the duration, measure
 * after the warm-up, drain) or idle (hold the joined connections and measure the server's memory), close,
 * and report. Bounded: set-up, duration and drain each have a deadline.
 *
 * <p>Timeline of a load run:
 * <pre>
 *   connect+join ... sync | warm-up | measured ............ | drain (until all delivered, or timeout)
 *                         startAt   measureFrom             stopAt
 * </pre>
 * Counted in the measured window: messages composed in it (sent/s), deliveries that arrived in it
 * (deliveries/s), and the latency of deliveries of messages composed in it (even if they arrive during the
 * drain). Lost, duplicated and out-of-order are counted over the whole run.
 */
final class Bench {
    /** How often the cluster lag is scraped during the measured window. */
    private static final long SCRAPE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Time for the loops to pick up the start command before the first message is due. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Bench() {
    }

    static Report run(BenchOptions o) throws IOException, InterruptedException {
        return run(o, new Report());
    }

    /**
     * A run whose report continues {@code report}, which already holds what the caller knows about the run and
     * the tool does not (the series it belongs to, the set-up it was started in).
     */
    static Report run(BenchOptions o, Report report) throws IOException, InterruptedException {
        describe(report, o);
        List<ServerPid> pid = o.serverPids();
        OptionalLong rssBefore = statusKib(pid, "VmRSS");
        OptionalLong heapBefore = o.idle() && o.heapAfterGc() ? heapAfterGcKib(pid) : OptionalLong.empty();
        Fleet fleet = new Fleet(o);
        long setupStart = System.nanoTime();
        boolean ready;
        ProcessProbe.Sample from;
        ProcessProbe.Sample to;
        long drainNanos = 0;
        boolean drained = false;
        OptionalLong rssAfter = OptionalLong.empty();
        OptionalLong heapAfter = OptionalLong.empty();
        ClusterLag lag = new ClusterLag(o.metricsUrls());
        try (fleet; lag) {
            ready = fleet.connectAndSync();
            report.put("setup_s", seconds(System.nanoTime() - setupStart));
            if (!ready) {
                report.put("complete", false);
                return finish(report, fleet, lag, o, null, null, false, 0, rssBefore, rssAfter, heapBefore, heapAfter);
            }
            if (o.idle()) {
                rssAfter = statusKib(pid, "VmRSS");
                from = ProcessProbe.sample(pid);
                sleepUntil(from.nanos() + o.measured().toNanos());
                to = ProcessProbe.sample(pid);
                // Again at the end of the idle time, before any GC of ours: what an operator sees once the joins
                // have settled (a JVM may give back heap it grew during the join storm meanwhile).
                OptionalLong settled = statusKib(pid, "VmRSS");
                report.put("server_rss_settled_kib", settled);
                if (rssBefore.isPresent() && settled.isPresent()) {
                    report.put("rss_settled_per_connection_bytes",
                            OptionalDouble.of((settled.getAsLong() - rssBefore.getAsLong()) * 1024.0 / o.connections()));
                }
                if (o.heapAfterGc()) {
                    heapAfter = heapAfterGcKib(pid);
                }
                drained = true;
            } else {
                long startAt = System.nanoTime() + START_DELAY_NANOS;
                long measureFrom = startAt + o.warmup().toNanos();
                long stopAt = startAt + o.duration().toNanos();
                fleet.start(startAt, measureFrom, stopAt);
                lag.startScraping(measureFrom, stopAt, SCRAPE_INTERVAL_NANOS);
                sleepUntil(measureFrom);
                from = ProcessProbe.sample(pid);
                sleepUntil(stopAt);
                to = ProcessProbe.sample(pid);
                lag.awaitScraping();
                long drainDeadline = stopAt + o.drainTimeout().toNanos();
                while (!(drained = fleet.drained()) && System.nanoTime() < drainDeadline) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                drainNanos = System.nanoTime() - stopAt;
                rssAfter = statusKib(pid, "VmRSS");
            }
        }
        report.put("complete", drained && fleet.problemCount() == 0);
        return finish(report, fleet, lag, o, from, to, drained, drainNanos, rssBefore, rssAfter, heapBefore, heapAfter);
    }

    private static void describe(Report r, BenchOptions o) {
        r.put("label", o.label())
                .put("time", Instant.now().toString())
                .put("dialect", o.dialect().id())
                // one server: "127.0.0.1:8989" as always; several: all of them, comma-separated, in the order
                // connections are dealt to them (connection i to the (i mod k)-th)
                .put("target", String.join(",", targets(o)))
                .put("targets", targets(o))
                .put("mode", o.idle() ? "idle" : "load")
                .put("connections", o.connections())
                .put("rooms", o.rooms().rooms())
                .put("members_per_room", o.membersPerRoom())
                .put("senders", o.senders())
                .put("rate", o.rate())
                .put("window", o.window())
                .put("duration_s", seconds(o.duration().toNanos()))
                .put("warmup_s", seconds(o.warmup().toNanos()))
                .put("payload_bytes", o.payloadBytes())
                .put("fanout", o.dialect().fanout(o.membersPerRoom()))
                .put("load_average_before", ProcessProbe.loadAverage());
        // the CPUs each side may use, as Linux reports them (taskset's doing, or all of them)
        Optional<String> serverCpus = serverCpus(o.serverPids());
        Optional<String> generatorCpus = ProcessProbe.cpusAllowed(ProcessHandle.current().pid());
        serverCpus.ifPresentOrElse(cpus -> r.put("server_cpus", cpus), () -> r.putMissing("server_cpus"));
        generatorCpus.ifPresentOrElse(cpus -> r.put("generator_cpus", cpus), () -> r.putMissing("generator_cpus"));
        if (!o.serverPids().isEmpty()) {
            Report pids = new Report();
            o.serverPids().forEach(p -> pids.put(p.name(), p.pid()));
            r.put("server_pids", pids);
        }
        if (!o.metricsUrls().isEmpty()) {
            r.put("metrics_urls", o.metricsUrls().stream().map(URI::toString).toList());
        }
    }

    private static List<String> targets(BenchOptions o) {
        return o.targets().stream().map(t -> t.getHostString() + ":" + t.getPort()).toList();
    }

    /** The CPUs the server may use; with several processes, each one's as NAME:CPUS unless they all agree. */
    private static Optional<String> serverCpus(List<ServerPid> pids) {
        List<String> each = new ArrayList<>();
        Set<String> distinct = new LinkedHashSet<>();
        for (ServerPid p : pids) {
            Optional<String> cpus = ProcessProbe.cpusAllowed(p.pid());
            if (cpus.isEmpty()) {
                return Optional.empty();
            }
            each.add(p.name() + ":" + cpus.get());
            distinct.add(cpus.get());
        }
        return distinct.isEmpty() ? Optional.empty()
                : Optional.of(distinct.size() == 1 ? distinct.iterator().next() : String.join(" ", each));
    }

    /** A /proc/PID/status value summed over the processes; empty when there is none or one is unreadable. */
    private static OptionalLong statusKib(List<ServerPid> pids, String key) {
        return ProcessProbe.sum(pids.stream().map(p -> ProcessProbe.statusKib(p.pid(), key)).toList());
    }

    /** The heap after GC summed over the processes: empty unless every one is a JVM that answered. */
    private static OptionalLong heapAfterGcKib(List<ServerPid> pids) {
        return ProcessProbe.sum(pids.stream().map(p -> ProcessProbe.heapAfterGcKib(p.pid())).toList());
    }

    private static Report finish(Report r, Fleet fleet, ClusterLag lag, BenchOptions o, ProcessProbe.Sample from,
                                 ProcessProbe.Sample to, boolean drained, long drainNanos,
                                 OptionalLong rssBefore, OptionalLong rssAfter,
                                 OptionalLong heapBefore, OptionalLong heapAfter) {
        Tally t = fleet.tally();
        Fleet.StreamOutcome streams = fleet.streams();
        double window = seconds(o.measured().toNanos());
        r.put("drained", drained).put("drain_ms", drainNanos / 1e6);
        if (!o.idle()) {
            double deliveriesPerS = t.deliveriesInWindow / window;
            int fanout = fleet.fanout;
            r.put("sent", t.sent)
                    .put("sent_per_s", t.sentInWindow / window)
                    .put("deliveries", t.deliveriesInWindow)
                    .put("deliveries_per_s", deliveriesPerS)
                    // what the rate would be if every message also went back to its sender (IRC: N-1 -> N, N
                    // the members of a room)
                    .put("deliveries_per_s_normalised", deliveriesPerS * o.membersPerRoom() / fanout)
                    .put("broadcasts_per_s", deliveriesPerS / fanout);
            percentiles(r, "latency", t.latency);
            percentiles(r, "ack_latency", t.ackLatency);
            if (o.rate() > 0) {
                r.put("schedule_lag_p99_ms", t.scheduleLag.getValueAtPercentile(99) / 1e3)
                        .put("schedule_lag_max_ms", t.scheduleLag.getMaxValue() / 1e3);
            }
        }
        r.put("lost", streams.lost())
                .put("duplicated", streams.duplicates())
                .put("out_of_order", streams.outOfOrder())
                .put("implausible_seq", streams.implausible())
                .put("errors", t.errors)
                .put("malformed", t.malformed)
                .put("disconnects", t.disconnects)
                .put("foreign_lines", t.foreign);
        cpu(r, o, from, to, t);
        if (!o.metricsUrls().isEmpty()) {
            lag.report(r);
        }
        r.put("server_rss_before_kib", rssBefore).put("server_rss_after_kib", rssAfter);
        r.put("server_rss_peak_kib", statusKib(o.serverPids(), "VmHWM"));
        if (o.idle()) {
            OptionalDouble rssPerConnection = rssBefore.isPresent() && rssAfter.isPresent()
                    ? OptionalDouble.of((rssAfter.getAsLong() - rssBefore.getAsLong()) * 1024.0 / o.connections())
                    : OptionalDouble.empty();
            OptionalDouble heapPerConnection = heapBefore.isPresent() && heapAfter.isPresent()
                    ? OptionalDouble.of((heapAfter.getAsLong() - heapBefore.getAsLong()) * 1024.0 / o.connections())
                    : OptionalDouble.empty();
            r.put("rss_per_connection_bytes", rssPerConnection)
                    .put("heap_after_gc_before_kib", heapBefore)
                    .put("heap_after_gc_after_kib", heapAfter)
                    .put("heap_per_connection_bytes", heapPerConnection);
        }
        r.put("problem_count", fleet.problemCount()).put("problems", fleet.problems());
        return r;
    }

    private static void cpu(Report r, BenchOptions o, ProcessProbe.Sample from, ProcessProbe.Sample to, Tally t) {
        if (from == null || to == null) {
            return;
        }
        long wall = to.nanos() - from.nanos();
        long hz = ProcessProbe.TICKS_PER_SECOND;
        cpuOf(r, "server", CpuUse.between(from.totalCpuTicks(), to.totalCpuTicks(), hz, wall), o, t);
        if (!o.serverPids().isEmpty()) {
            // each process's own share of server_cpu_pct (a node, or Redis), under its --server-pid name
            Report each = new Report();
            for (int i = 0; i < o.serverPids().size(); i++) {
                each.put(o.serverPids().get(i).name(), CpuUse.between(from.cpuTicks().get(i), to.cpuTicks().get(i), hz, wall)
                        .map(u -> OptionalDouble.of(u.percentOfOneCore())).orElse(OptionalDouble.empty()));
            }
            r.put("server_cpu_pct_each", each);
        }
        cpuOf(r, "generator", CpuUse.between(from.selfCpuTicks(), to.selfCpuTicks(), hz, wall), o, t);
        long total = to.machineTotal() - from.machineTotal();
        if (total > 0) {
            r.put("machine_busy_pct", 100.0 * (to.machineBusy() - from.machineBusy()) / total);
        }
    }

    /** {@code <who>_cpu_pct} and, in a load run, {@code <who>_cpu_us_per_delivery}; null when not measured. */
    private static void cpuOf(Report r, String who, Optional<CpuUse> use, BenchOptions o, Tally t) {
        r.put(who + "_cpu_pct", use.map(u -> OptionalDouble.of(u.percentOfOneCore())).orElse(OptionalDouble.empty()));
        if (!o.idle()) {
            r.put(who + "_cpu_us_per_delivery",
                    use.map(u -> u.microsPerDelivery(t.deliveriesInWindow)).orElse(OptionalDouble.empty()));
        }
    }

    private static void percentiles(Report r, String name, Histogram h) {
        if (h.getTotalCount() == 0) {
            r.putMissing(name + "_p50_ms").putMissing(name + "_p99_ms").putMissing(name + "_p999_ms")
                    .putMissing(name + "_max_ms");
            return;
        }
        r.put(name + "_p50_ms", h.getValueAtPercentile(50) / 1e3)
                .put(name + "_p99_ms", h.getValueAtPercentile(99) / 1e3)
                .put(name + "_p999_ms", h.getValueAtPercentile(99.9) / 1e3)
                .put(name + "_max_ms", h.getMaxValue() / 1e3);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
