package org.netcatchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Linux's /proc says about a process (the server under test, or the generator itself) and the machine:
 * CPU time, resident memory, load. Stateless and thread-safe. Every reading is optional: a server that has
 * exited, or a machine without /proc, gives empty values rather than a failed run.
 */
final class ProcessProbe {
    /** USER_HZ: the unit of utime/stime in /proc/PID/stat. 100 on every mainstream Linux build. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    /**
     * A generation's (or the whole heap's) line of {@code GC.heap_info}: G1 prints one for the heap, Serial and
     * Parallel one per generation ({@code DefNew}/{@code Tenured}), each starting at the line's first column;
     * the indented lines below them (eden, from, to, regions) are parts of those and not counted again.
     */
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\S.*?\\bused (\\d+)([KMG])");

    private ProcessProbe() {
    }

    /**
     * One sample of the measured processes and of the machine, at one instant.
     *
     * @param cpuTicks utime + stime of each measured process, in the order of the run's {@code --server-pid}s
     */
    record Sample(long nanos, List<OptionalLong> cpuTicks, OptionalLong selfCpuTicks, long machineBusy, long machineTotal) {
        Sample {
            cpuTicks = List.copyOf(cpuTicks);
        }

        /** The sum over the measured processes; empty when there is none or one could not be read. */
        OptionalLong totalCpuTicks() {
            return sum(cpuTicks);
        }
    }

    static Sample sample(List<ServerPid> pids) {
        long[] machine = machine();
        List<OptionalLong> ticks = new ArrayList<>(pids.size());
        for (ServerPid p : pids) {
            ticks.add(cpuTicks(p.pid()));
        }
        return new Sample(System.nanoTime(), ticks, cpuTicks(ProcessHandle.current().pid()), machine[0], machine[1]);
    }

    /** The sum of several readings; empty when there is none or any is empty (a part is not a whole). */
    static OptionalLong sum(List<OptionalLong> values) {
        if (values.isEmpty()) {
            return OptionalLong.empty();
        }
        long total = 0;
        for (OptionalLong v : values) {
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            total += v.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** utime + stime of the process, in ticks. */
    static OptionalLong cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces; everything after its ')' is space-separated
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** A KiB value from /proc/PID/status, such as {@code VmRSS} or {@code VmHWM}. */
    static OptionalLong statusKib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    return OptionalLong.of(Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not measurable
        }
        return OptionalLong.empty();
    }

    /**
     * The CPUs the process may run on, as Linux lists them ({@code Cpus_allowed_list} in /proc/PID/status,
     * e.g. "0-1" or "1"): what {@code taskset} set, so a report shows its set-up as observed, not as intended.
     */
    static Optional<String> cpusAllowed(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return Optional.of(line.substring("Cpus_allowed_list:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not measurable
        }
        return Optional.empty();
    }

    /** Busy and total jiffies of all CPUs, from the first line of /proc/stat. */
    static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * For a JVM: runs {@code jcmd PID GC.run}, then reads the used heap from {@code jcmd PID GC.heap_info}, in KiB.
     * The jcmd is the one beside the process's own java binary, so the versions match. Empty for anything
     * that is not a JVM, or if jcmd does not answer within 60 seconds.
     */
    static OptionalLong heapAfterGcKib(long pid) {
        Path jcmd;
        try {
            Path exe = Path.of("/proc", Long.toString(pid), "exe").toRealPath();
            jcmd = exe.resolveSibling("jcmd");
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        if (!Files.isExecutable(jcmd)) {
            return OptionalLong.empty();
        }
        if (jcmd(jcmd, pid, "GC.run").isEmpty()) {
            return OptionalLong.empty();
        }
        return heapUsedKib(jcmd(jcmd, pid, "GC.heap_info"));
    }

    /** The heap in use, in KiB, as {@code jcmd PID GC.heap_info} reports it: the sum over the generations. */
    static OptionalLong heapUsedKib(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        long kib = 0;
        boolean found = false;
        while (m.find()) {
            long value = Long.parseLong(m.group(1));
            kib += switch (m.group(2)) {
                case "K" -> value;
                case "M" -> value * 1024;
                default -> value * 1024 * 1024;
            };
            found = true;
        }
        return found ? OptionalLong.of(kib) : OptionalLong.empty();
    }

    private static String jcmd(Path jcmd, long pid, String command) {
        try {
            Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return "";
            }
            return new String(output);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // assume the Linux default below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
