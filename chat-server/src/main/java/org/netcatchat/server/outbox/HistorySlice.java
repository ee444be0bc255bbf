package org.netcatchat.server.outbox;

/**
 * "Send the last {@code lines} lines of the history file below {@code end}": queued instead of the lines
 * themselves, so that {@code hist} on a large file costs the queue nothing and the writer streams it.
 */
public record HistorySlice(long end, int lines) implements Outgoing {
    public static final int ALL_LINES = Integer.MAX_VALUE;

    public HistorySlice {
        if (end < 0 || lines < 1) {
            throw new IllegalArgumentException("end must be >= 0 and lines >= 1");
        }
    }
}
