package org.netcatchat.server.outbox;

import java.util.Objects;

/**
 * "Send the last {@code lines} lines of {@code source} below {@code end}": queued instead of the lines
 * themselves, so that {@code hist} on a large file costs the queue nothing and the writer streams it.
 */
public record HistorySlice(HistorySource source, long end, int lines) implements Outgoing {
    public static final int ALL_LINES = Integer.MAX_VALUE;

    public HistorySlice {
        Objects.requireNonNull(source, "source");
        if (end < 0 || lines < 1) {
            throw new IllegalArgumentException("end must be >= 0 and lines >= 1");
        }
    }
}
