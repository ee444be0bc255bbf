package org.netcatchat.server.history;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The transcript file as {@link FileLog} (a single server's log) uses it: an append-only sequence of whole lines,
 * addressed by positions that only grow between two changes made by someone else. {@link HistoryFile} is one
 * file; {@link RotatingHistory} layers rotation over it (positions are then global across the kept files).
 * A cluster's stream is not one of these: it is another {@code chat.Log}.
 *
 * <p>Implementations are thread-safe. Whatever they read back meets the text-hygiene rules of lines the
 * server writes (docs/PROTOCOL.md), and a read never fails because the history shrank: it ends with fewer
 * lines.
 */
public interface History extends AutoCloseable {
    /**
     * Appends one whole line (ending with LF) and returns the position after it. With {@link FsyncPolicy#ALWAYS}
     * the line is on stable storage on return; otherwise call {@link #syncTo} before acknowledging it.
     *
     * @throws IOException when the line could not be stored; nothing of it stays in the history
     */
    long append(byte[] line) throws IOException;

    /** Makes everything up to {@code position} durable, as far as the {@link #fsync() policy} promises it. */
    void syncTo(long position) throws IOException;

    /** The position after the last whole line: a snapshot below which a reader finds whole lines. */
    long size();

    /**
     * Writes the last {@code lines} lines below {@code end} to {@code out} (all of them for
     * {@link Integer#MAX_VALUE}), streaming and cleaned; every line written ends with LF.
     *
     * @return the number of bytes written
     */
    long copyTail(long end, int lines, OutputStream out) throws IOException;

    FsyncPolicy fsync();

    /** Makes everything durable and releases the history. Later appends fail. */
    @Override
    void close() throws IOException;
}
