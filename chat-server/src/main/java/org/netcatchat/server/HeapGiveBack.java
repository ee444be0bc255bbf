package org.netcatchat.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Lets G1 give back the heap a burst grew once the server has been quiet for a minute, so that the RSS an operator
 * sees falls back after a join storm (docs/PERFORMANCE.md, "The heap given back after a quiet minute").
 *
 * <p>A join storm (a thousand members joining one room is half a million notices) makes G1 grow its young
 * generation, and G1 shrinks a heap only at the end of a concurrent cycle, which an idle server never starts:
 * the storm's pages stayed in the RSS for as long as the server ran. With {@code G1PeriodicGCInterval} set, G1 runs
 * a concurrent cycle after that long without any collection, and shrinks the heap to what {@code MaxHeapFreeRatio}
 * allows. A busy server collects far more often than once a minute, so this never runs under load; an idle one
 * pays one concurrent cycle a minute (about 0.5 s of one CPU at 10,000 members, measured).
 *
 * <p>The flag is manageable, so the server sets it itself and {@code java -jar chat-server.jar} needs no JVM option.
 * It is left alone when G1 is not the collector (a JVM on one CPU picks Serial, which has no periodic collection)
 * and when the operator chose a value on the command line ({@code -XX:G1PeriodicGCInterval=0} turns it off).
 */
final class HeapGiveBack {
    static final String FLAG = "G1PeriodicGCInterval";
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(HeapGiveBack.class.getName());

    private HeapGiveBack() {
    }

    /** Sets the interval in this JVM where {@link #shouldSet} says so; says what it did, or why not. */
    static void configure() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean g1 = Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue());
            VMOption periodic = vm.getVMOption(FLAG);
            if (shouldSet(g1, periodic)) {
                vm.setVMOption(FLAG, Long.toString(INTERVAL.toMillis()));
                LOG.log(System.Logger.Level.DEBUG, "G1 gives back the heap after {0} s without a collection"
                        + " (-XX:{1}=0 turns this off)", INTERVAL.toSeconds(), FLAG);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            // Not HotSpot, or the flag is gone in this release: the heap is just not given back by itself.
            LOG.log(System.Logger.Level.DEBUG, "the heap is not given back when idle: {0}", e.toString());
        }
    }

    /** Only under G1, and only where nobody chose a value: the command line's, even 0, wins. */
    static boolean shouldSet(boolean g1, VMOption periodic) {
        return g1 && periodic.getOrigin() == VMOption.Origin.DEFAULT;
    }
}
