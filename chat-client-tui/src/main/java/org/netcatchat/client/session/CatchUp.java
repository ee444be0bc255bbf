package org.netcatchat.client.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * After a reconnect: exactly the lines the user missed, from what the server sends on rejoining. Pure; not
 * thread-safe (the connection's reader thread only).
 *
 * <p>On rejoining, the session sends {@code hist N} <em>before</em> {@code name}: a client that has not
 * joined gets no pushed lines, so that reply holds only the last N lines of the history ({@link #history}).
 * Then {@code name} and {@code list}: what arrives between the name's ACK and the {@code LIST} line is the
 * join replay and the first live lines ({@link #joined}), one contiguous stretch of the history that ends
 * with the newest line. The two are stitched where they overlap (the longest start of the second that the
 * first ends with), and the
 * missed lines are those after the last place where the lines the user saw last ({@link #WINDOW} of them,
 * so that one repeated line, "ok", cannot fool it) appear.
 *
 * <p>It is <em>unsure</em> when the lines seen last are not found (more than N lines were missed, or the
 * server's history was replaced): then everything it got is shown, and the user is told that some lines
 * may be repeated or missing. It is unsure too when the two stretches cannot be stitched (the server's
 * replay is off, or more lines than it replays came between the two requests).
 */
public final class CatchUp {
    /** How many of the last lines seen are matched: one repeated line must not look like the place. */
    public static final int WINDOW = 3;
    /** Twice what a rejoin asks for ({@code hist 1000}) and what a server replays: room for both, never more. */
    static final int KEPT = 2 * ChatSession.CATCH_UP_LINES;

    private final List<String> seen;
    private final List<String> history = new ArrayList<>();
    private final List<String> joined = new ArrayList<>();
    /** A stretch grew past {@link #KEPT} and lost its oldest lines. */
    private boolean cut;

    /** @param seen the last lines the user saw, oldest first (at most {@value #WINDOW}) */
    public CatchUp(List<String> seen) {
        this.seen = List.copyOf(Objects.requireNonNull(seen, "seen"));
        if (this.seen.size() > WINDOW) {
            throw new IllegalArgumentException("more than " + WINDOW + " lines seen");
        }
    }

    /** A line of the {@code hist N} reply, as sent. */
    public void history(String line) {
        keep(history, Objects.requireNonNull(line, "line"));
    }

    /**
     * Keeps the newest {@link #KEPT} lines of a stretch: the server decides how many it sends, and a hostile one
     * must not fill the heap. A stretch cut that way no longer stitches, and the result says it is unsure.
     */
    private void keep(List<String> stretch, String line) {
        stretch.add(line);
        if (stretch.size() > KEPT) {
            stretch.subList(0, stretch.size() - KEPT / 2).clear(); // in halves: amortised, not a shift per line
            cut = true;
        }
    }

    /** A line between the name's ACK and the {@code LIST} line, as sent. */
    public void joined(String line) {
        keep(joined, Objects.requireNonNull(line, "line"));
    }

    /** The missed lines, oldest first, and whether they are exactly those (no duplicate, no gap). */
    public Result result() {
        List<String> all = new ArrayList<>(history);
        int overlap = overlap(history, joined);
        all.addAll(joined.subList(overlap, joined.size()));
        // No overlap: the replay may start after the hist reply's end, or long after it (a gap).
        boolean stitched = (overlap > 0 || history.isEmpty()) && !cut;
        Optional<Integer> after = seen.isEmpty() ? Optional.empty() : lastEndOf(all, seen);
        if (after.isPresent()) {
            return new Result(all.subList(after.get(), all.size()), stitched);
        }
        return new Result(all, false);
    }

    /** The longest start of {@code later} that {@code earlier} ends with. */
    private static int overlap(List<String> earlier, List<String> later) {
        for (int length = Math.min(earlier.size(), later.size()); length > 0; length--) {
            if (earlier.subList(earlier.size() - length, earlier.size()).equals(later.subList(0, length))) {
                return length;
            }
        }
        return 0;
    }

    /** The index just after the last place where {@code part} appears in {@code whole}, if it does. */
    private static Optional<Integer> lastEndOf(List<String> whole, List<String> part) {
        for (int end = whole.size(); end >= part.size(); end--) {
            if (whole.subList(end - part.size(), end).equals(part)) {
                return Optional.of(end);
            }
        }
        return Optional.empty();
    }

    /** The missed lines, and whether they are exactly those. */
    public record Result(List<String> missed, boolean sure) {
        public Result {
            missed = List.copyOf(missed);
        }
    }
}
