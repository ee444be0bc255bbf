package org.netcatchat.server.address;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides which refused connections get a log line: at most one per address per {@link #INTERVAL}, carrying the
 * count of refusals since that address's last line, so a reconnect loop is visible in the log without flooding it
 * (a loop of refused connections is exactly what the connection rate refuses).
 *
 * <p>An address's first refusal is reported at once. Later ones within the interval are only counted; the next
 * refusal after it reports them all, and so does {@link #overdue}, so a burst that simply stops is still told,
 * at most an interval and a {@link #SCAN_INTERVAL} late. Memory: one entry per address refused within the last
 * interval, forgotten once its interval ends and its count has been reported.
 *
 * <p>Thread-safe (every method holds {@code this}); the listener calls it from its accept loop.
 */
public final class RefusalThrottle {
    /** One line per address per minute: enough to see who is refused, and few enough to read. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    /** How often {@link #overdue} looks at every address; between looks it returns nothing at once. */
    static final Duration SCAN_INTERVAL = Duration.ofSeconds(10);

    /**
     * What to log for one address: refusals since its last line, by reason, and whether this is its first line
     * in more than an interval (the line then says that more are throttled).
     */
    public record Report(AddressKey address, Map<AddressLimits.Reason, Long> counts, boolean first) {
        public Report {
            counts = Map.copyOf(counts);
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        /** {@code "3 refused since the last line (connection_rate 2, per_address_limit 1)"}. */
        public String summary() {
            if (first) {
                return "further refusals of this address are logged at most once a minute, with their count";
            }
            return total() + " refused since the last line (" + counts.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(entry -> entry.getKey().label() + " " + entry.getValue())
                    .collect(Collectors.joining(", ")) + ")";
        }
    }

    private final InstantSource clock;
    /** Guarded by this. */
    private final Map<AddressKey, Quiet> addresses = new HashMap<>();
    /** Guarded by this. */
    private Instant nextScan;

    public RefusalThrottle(InstantSource clock) {
        this.clock = clock;
        this.nextScan = clock.instant().plus(SCAN_INTERVAL);
    }

    /** A connection from {@code address} was refused: the report to log now, if its line is due. */
    public synchronized Optional<Report> refused(AddressKey address, AddressLimits.Reason reason) {
        Instant now = clock.instant();
        Quiet quiet = addresses.get(address);
        if (quiet == null) {
            addresses.put(address, new Quiet(now));
            return Optional.of(new Report(address, Map.of(reason, 1L), true));
        }
        quiet.counts.merge(reason, 1L, Long::sum);
        if (now.isBefore(quiet.until)) {
            return Optional.empty();
        }
        Report report = new Report(address, quiet.counts, false);
        addresses.put(address, new Quiet(now));
        return Optional.of(report);
    }

    /**
     * Reports of addresses whose interval has ended with refusals not yet told (each starts a new interval);
     * forgets the addresses whose interval has ended quietly. Cheap to call on every connection: it looks at the addresses at most every {@link #SCAN_INTERVAL}.
     */
    public synchronized List<Report> overdue() {
        Instant now = clock.instant();
        if (now.isBefore(nextScan)) {
            return List.of();
        }
        nextScan = now.plus(SCAN_INTERVAL);
        List<Report> reports = new ArrayList<>();
        for (Iterator<Map.Entry<AddressKey, Quiet>> it = addresses.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<AddressKey, Quiet> entry = it.next();
            if (!now.isBefore(entry.getValue().until)) {
                if (entry.getValue().counts.isEmpty()) {
                    it.remove();
                } else {
                    reports.add(new Report(entry.getKey(), entry.getValue().counts, false));
                    entry.setValue(new Quiet(now)); // this was its line: the next ones wait an interval again
                }
            }
        }
        return reports;
    }

    /** Addresses remembered now. */
    synchronized int size() {
        return addresses.size();
    }

    /** An address's interval after its last line, and what it was refused since. Guarded by the throttle. */
    private static final class Quiet {
        final Instant until;
        final Map<AddressLimits.Reason, Long> counts = new EnumMap<>(AddressLimits.Reason.class);

        Quiet(Instant lastLine) {
            this.until = lastLine.plus(INTERVAL);
        }
    }
}
