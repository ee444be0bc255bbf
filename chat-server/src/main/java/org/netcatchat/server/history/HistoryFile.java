package org.netcatchat.server.history;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transcript, {@code history.txt}: every pushed line, one per line, in the one global order.
 *
 * <p>Appends are serialised by {@link #appendLock}; a line is either written whole or not at all (a failed
 * write is cut back off), so the file is always a sequence of whole lines. Readers never take that lock:
 * they read below {@link #size()}, a position below which the file never changes.
 *
 * <p>Once open, the file is used through two {@link RandomAccessFile}s, never a {@link FileChannel}: a
 * FileChannel is closed, for every thread at once, when a thread blocked in it is interrupted, and
 * connection threads are interrupted whenever their connection ends (its scope cancels the other half).
 * RandomAccessFile I/O ignores interrupts. One serves appends, fsyncs and cut-backs; the other serves reads,
 * one block at a time under {@link #readLock}, which is never held across a write to a client. Both stay on
 * the file opened at start, even if it is renamed meanwhile.
 *
 * <p>Thread-safe. Lock order: the room lock may be held while taking {@code appendLock} (that is how lines
 * reach the file and the clients in the same order), never the reverse; {@code syncLock} and
 * {@code readLock} are taken alone.
 */
public final class HistoryFile implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HistoryFile.class.getName());
    /** Big enough to stream history in few system calls, small enough to allocate per request. */
    private static final int COPY_BUFFER_BYTES = 16 * 1024;

    private final Path path;
    private final FsyncPolicy fsync;
    /** Appends, fsyncs, cut-backs. Its file pointer is guarded by appendLock; fsyncs use only its descriptor. */
    private final RandomAccessFile appender;
    /** Reads of history. Its file pointer is guarded by readLock. */
    private final RandomAccessFile reader;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    /** Every byte below it is part of a whole line. Written under appendLock, read anywhere. */
    private volatile long size;
    /** Everything below it is on stable storage. Guarded by syncLock. */
    private long syncedSize;

    /** Guarded by appendLock. */
    private boolean closed;
    /** The appender's file pointer may not be at {@link #size}: true at first and after a failed write. Guarded by appendLock. */
    private boolean mustSeek = true;

    private HistoryFile(Path path, FsyncPolicy fsync, RandomAccessFile appender, RandomAccessFile reader, long size) {
        this.path = path;
        this.fsync = fsync;
        this.appender = appender;
        this.reader = reader;
        this.size = size;
        this.syncedSize = size;
    }

    /**
     * Opens (or creates) the file. A last line without its LF can only be a write cut short by a crash,
     * before its ACK: it is cut off, and the cut is logged with the bytes it dropped.
     */
    public static HistoryFile open(Path path, FsyncPolicy fsync) throws IOException {
        long size;
        // A channel for the checks at start-up only: its exceptions name the problem (AccessDeniedException...).
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            size = afterNewlineBackwards(channel.size(), 1, (position, bytes, length) -> {
                ByteBuffer block = ByteBuffer.wrap(bytes, 0, length);
                while (block.hasRemaining() && channel.read(block, position + block.position()) >= 0) {
                    // read until the block is full; the file does not change under us at start-up
                }
            });
            long torn = channel.size() - size;
            if (torn > 0) {
                ByteBuffer dropped = ByteBuffer.allocate((int) Math.min(torn, 200));
                channel.read(dropped, size);
                channel.truncate(size);
                channel.force(true);
                LOG.log(System.Logger.Level.WARNING, "history {0}: dropped a torn last line of {1} bytes left by a crash: \"{2}\"",
                        path, torn, new String(dropped.array(), 0, dropped.position(), StandardCharsets.UTF_8)
                                .replaceAll("\\p{Cntrl}", "?"));
            }
        }
        RandomAccessFile appender = new RandomAccessFile(path.toFile(), "rw");
        try {
            return new HistoryFile(path, fsync, appender, new RandomAccessFile(path.toFile(), "r"), size);
        } catch (IOException e) {
            appender.close();
            throw e;
        }
    }

    /**
     * Appends one whole line (ending with LF) and returns the file size after it. With {@link FsyncPolicy#ALWAYS}
     * the line is on stable storage on return; otherwise call {@link #syncTo} before acknowledging it.
     *
     * @throws IOException when the line could not be written (disk full, file gone read-only); nothing of
     *                     it stays in the file
     */
    public long append(byte[] line) throws IOException {
        appendLock.lock();
        try {
            long start = size;
            try {
                if (mustSeek) {
                    appender.seek(start); // only after a failed write: otherwise the pointer is already there
                    mustSeek = false;
                }
                appender.write(line);
                if (fsync == FsyncPolicy.ALWAYS) {
                    appender.getFD().sync();
                }
            } catch (IOException e) {
                mustSeek = true;
                cutBackTo(start);
                throw e;
            }
            size = start + line.length;
            return size;
        } finally {
            appendLock.unlock();
        }
    }

    /** Under {@link FsyncPolicy#BATCH}, makes everything up to {@code position} durable, sharing one fsync among all waiting writers. */
    public void syncTo(long position) throws IOException {
        if (fsync != FsyncPolicy.BATCH) {
            return;
        }
        syncLock.lock();
        try {
            if (syncedSize >= position) {
                return; // an fsync that started after our append already covered us
            }
            long target = size;
            appender.getFD().sync();
            syncedSize = target;
        } finally {
            syncLock.unlock();
        }
    }

    /** Bytes of whole lines so far; a snapshot that readers can rely on, since the file below it never changes. */
    public long size() {
        return size;
    }

    /**
     * Writes the last {@code lines} lines below {@code end} to {@code out} (all of them for
     * {@link Integer#MAX_VALUE}), streaming: memory use does not grow with the file.
     *
     * @return the number of bytes written
     */
    public long copyTail(long end, int lines, OutputStream out) throws IOException {
        long start = lines == Integer.MAX_VALUE ? 0 : startOfLastLines(end, lines);
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end - start))];
        long position = start;
        while (position < end) {
            int read = readAt(position, buffer, 0, (int) Math.min(buffer.length, end - position));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read); // outside readLock: a slow client holds up nobody else
            position += read;
        }
        return position - start;
    }

    public Path path() {
        return path;
    }

    public FsyncPolicy fsync() {
        return fsync;
    }

    /** Flushes to stable storage and closes. Later appends fail. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (!closed) {
                closed = true;
                try (appender; reader) {
                    appender.getFD().sync();
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** The start of the {@code lines}-th line from the end below {@code end} (which is 0 or just after an LF). */
    private long startOfLastLines(long end, int lines) throws IOException {
        // The LF that ends the last line does not start a line, so the scan begins just before it.
        return end == 0 ? 0 : afterNewlineBackwards(end - 1, lines, this::readFully);
    }

    /** Reads exactly {@code length} bytes at {@code position} into {@code bytes}. */
    @FunctionalInterface
    private interface BlockReader {
        void read(long position, byte[] bytes, int length) throws IOException;
    }

    /**
     * Scans backwards from {@code end} for the {@code count}-th LF below it, and returns the position just
     * after that LF, or 0 if there are fewer. Serves both the torn-line check at start-up (the position after
     * the last LF is the length of the whole lines) and {@code hist N}.
     */
    private static long afterNewlineBackwards(long end, int count, BlockReader reader) throws IOException {
        byte[] bytes = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end))];
        long blockEnd = end;
        int newlines = 0;
        while (blockEnd > 0) {
            int length = (int) Math.min(bytes.length, blockEnd);
            long blockStart = blockEnd - length;
            reader.read(blockStart, bytes, length);
            for (int i = length - 1; i >= 0; i--) {
                if (bytes[i] == '\n' && ++newlines == count) {
                    return blockStart + i + 1;
                }
            }
            blockEnd = blockStart;
        }
        return 0;
    }

    private void readFully(long position, byte[] bytes, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int read = readAt(position + done, bytes, done, length - done);
            if (read < 0) {
                throw new IOException("history file " + path + " is shorter than expected");
            }
            done += read;
        }
    }

    /** Reads up to {@code length} bytes at {@code position} into {@code bytes} at {@code offset}; -1 at the end of the file. */
    private int readAt(long position, byte[] bytes, int offset, int length) throws IOException {
        readLock.lock();
        try {
            reader.seek(position);
            return reader.read(bytes, offset, length);
        } finally {
            readLock.unlock();
        }
    }

    private void cutBackTo(long start) {
        try {
            appender.setLength(start);
        } catch (IOException e) {
            // Nothing more to do here: size still says start, so the next append overwrites the partial bytes.
            LOG.log(System.Logger.Level.WARNING, "history {0}: could not cut back a failed append: {1}", path, e.toString());
        }
    }
}
