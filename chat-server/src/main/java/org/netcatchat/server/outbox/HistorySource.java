package org.netcatchat.server.outbox;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A history a connection's writer reads slices from and syncs before a durable ACK: the lobby's log or a room's.
 * What a {@link HistorySlice} and a {@link DurableAck} carry, so each names the history it is about and the
 * writer needs no other. Implementations are thread-safe.
 */
public interface HistorySource {
    /**
     * Writes the last {@code lines} lines up to {@code end} to {@code out} (all of them for
     * {@link HistorySlice#ALL_LINES}), streaming and cleaned; each ends with LF.
     *
     * @return the bytes written
     */
    long copyTail(long end, int lines, OutputStream out) throws IOException;

    /** Makes everything up to {@code position} durable. */
    void syncTo(long position) throws IOException;
}
