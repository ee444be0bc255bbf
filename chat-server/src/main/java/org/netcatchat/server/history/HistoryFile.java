package org.netcatchat.server.history;

import org.netcatchat.protocol.Wire;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transcript, {@code history.txt}: every pushed line, one per line, in the one global order.
 *
 * <p>Owned: a server holds {@link HistoryLock} on it from {@link #open} to {@link #close}, and a second server
 * on the same file refuses to start. Checked: {@link OpeningCheck} refuses a symlink, NUL bytes, or a tail that
 * cannot be a torn line, and moves a torn line aside before cutting it.
 *
 * <p>Appends are serialised by {@link #appendLock}; a line is either written whole or not at all (a failed
 * write is cut back off), so what the server writes is always a sequence of whole lines. Readers never take
 * that lock: they read below {@link #size()}.
 *
 * <p>Someone else may change the file while it is open. Before every append one {@code lstat} of the path
 * (a few microseconds on a loaded VM; measured in docs/ARCHITECTURE.md, "History file") compares the file the path names, and its length, with ours:
 * <ul>
 *   <li>the same file, longer (foreign bytes appended): they are kept — never overwritten — and our line goes
 *       after them, after an LF if they lack one;</li>
 *   <li>the same file, shorter (truncated, e.g. {@code logrotate copytruncate}): appending goes on at its new
 *       end, so no hole of NUL bytes ever appears;</li>
 *   <li>another file, or none (renamed, replaced, deleted): the path is checked and opened again (created if
 *       missing), and the line goes there. A line is ACKed only once it is in the file the path names.</li>
 * </ul>
 * Every such change is logged as a WARNING. Readers never fail on a shorter file: a slice past its end ends
 * early with whole lines. Every byte read goes through {@link CleanLines}, so foreign bytes reach no client
 * as they are.
 *
 * <p>Once open, the file is used through two {@link RandomAccessFile}s, never a {@link FileChannel}: a
 * FileChannel is closed, for every thread at once, when a thread blocked in it is interrupted, and
 * connection threads are interrupted whenever their connection ends (its scope cancels the other half).
 * RandomAccessFile I/O ignores interrupts. One serves appends, fsyncs and cut-backs; the other serves reads,
 * one block at a time under {@link #readLock}, which is never held across a write to a client.
 *
 * <p>Thread-safe. Lock order: the log's order lock ({@code FileLog}) may be held while taking {@code appendLock} (that is how lines
 * reach the file and the clients in the same order), never the reverse; then {@code syncLock}, then
 * {@code readLock} (both only taken under {@code appendLock} to switch to another file; otherwise alone).
 *
 * <p>Past 300 lines on purpose: the file's one owner (lock), its checked opening, the switch to the file the
 * path names now, group commit and the tail reads share the descriptors and the three locks below; split, each
 * part would need the others' locks.
 */
public final class HistoryFile implements History {
    private static final System.Logger LOG = System.getLogger(HistoryFile.class.getName());
    /** Big enough to stream history in few system calls, small enough to allocate per request. */
    private static final int COPY_BUFFER_BYTES = 16 * 1024;
    /** Room for the time stamp, the brackets and the longest name around a message. */
    private static final int LINE_OVERHEAD_BYTES = 1024;
    /**
     * Sanitising turns each invalid byte of a message into the three bytes of U+FFFD, so a message line can
     * be up to three times the longest command line.
     */
    private static final int SANITISED_EXPANSION = 3;

    private final Path path;
    private final FsyncPolicy fsync;
    /** Told of every fsync, with its time (netcat_history_fsync_seconds). */
    private final ServerEvents events;
    private final long longestLine;
    private final InstantSource clock;
    private final HistoryLock ownership;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    /**
     * The file the path named when last checked. Replaced under appendLock, syncLock and readLock together,
     * so holding any one of them keeps it. Its appender's file pointer is guarded by appendLock, its reader's
     * by readLock.
     */
    private volatile Handle file;
    /** Every byte below it is part of a whole line (or a foreign tail, see {@link #needsLineEnd}). Written under appendLock, read anywhere. */
    private volatile long size;
    /** Everything below it is on stable storage. Written under syncLock, read anywhere. */
    private volatile long syncedSize;
    /** Guarded by syncLock: a writer is in the fsync of the group commit; the others wait on {@link #syncEnded}. */
    private boolean syncing;
    /** Signalled under syncLock when that fsync ends. */
    private final Condition syncEnded = syncLock.newCondition();

    /** Guarded by appendLock. */
    private boolean closed;
    /** The appender's file pointer may not be at {@link #size}. Guarded by appendLock. */
    private boolean mustSeek = true;
    /** A failed write left bytes of ours past {@link #size} that a cut-back could not remove. Guarded by appendLock. */
    private boolean cutPending;
    /** The file ends with foreign bytes without an LF: the next line starts with one. Guarded by appendLock. */
    private boolean needsLineEnd;
    /** A {@link #reopen} asked for the check: a change of file is news (INFO), not a surprise (WARNING). Guarded by appendLock. */
    private boolean expectedChange;

    /** An open file: its two descriptors and its identity (inode). */
    private record Handle(RandomAccessFile appender, RandomAccessFile reader, Object fileKey) {
        static Handle open(Path path, OpeningCheck.Checked checked) throws IOException {
            // Both read-write: opening a FIFO put at the path read-only would block until someone writes to it,
            // under the append lock (and so the log's order lock); O_RDWR never blocks. The reader is only read.
            RandomAccessFile appender = new RandomAccessFile(path.toFile(), "rw");
            try {
                RandomAccessFile reader = new RandomAccessFile(path.toFile(), "rw");
                Handle handle = new Handle(appender, reader, checked.fileKey());
                // RandomAccessFile follows symbolic links: make sure it opened the file we checked.
                BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!checked.fileKey().equals(now.fileKey())) {
                    handle.close();
                    throw now.isSymbolicLink() ? OpeningCheck.symlink(path) : new HistoryRefusedException("the history file "
                            + path + " was replaced while the server opened it: it is not used");
                }
                return handle;
            } catch (IOException | RuntimeException e) {
                appender.close();
                throw e;
            }
        }

        void close() throws IOException {
            try (appender; reader) {
                // both closed, the first failure reported
            }
        }
    }

    private HistoryFile(Path path, FsyncPolicy fsync, long longestLine, InstantSource clock, ServerEvents events,
                        HistoryLock ownership, Handle file, long size) {
        this.path = path;
        this.events = events;
        this.fsync = fsync;
        this.longestLine = longestLine;
        this.clock = clock;
        this.ownership = ownership;
        this.file = file;
        this.size = size;
        this.syncedSize = size;
    }

    /** {@link #open(Path, FsyncPolicy, long, InstantSource)} for the default line limit and the system clock. */
    public static HistoryFile open(Path path, FsyncPolicy fsync) throws IOException {
        return open(path, fsync, longestLine(Wire.DEFAULT_MAX_LINE_BYTES), InstantSource.system());
    }

    /**
     * Takes ownership of the file, checks it (creating it if missing) and opens it.
     *
     * @param longestLine the most bytes a line of this server can have: see {@link #longestLine(int)}
     * @param clock       for the time stamp of a torn line moved aside
     * @throws HistoryRefusedException when another server owns the file or it must not be used as it is
     */
    public static HistoryFile open(Path path, FsyncPolicy fsync, long longestLine, InstantSource clock) throws IOException {
        return open(path, fsync, longestLine, clock, ServerEvents.NONE);
    }

    /** As {@link #open(Path, FsyncPolicy, long, InstantSource)}, each fsync told to {@code events} with its time. */
    public static HistoryFile open(Path path, FsyncPolicy fsync, long longestLine, InstantSource clock,
                                   ServerEvents events) throws IOException {
        HistoryLock ownership = HistoryLock.acquire(path);
        try {
            OpeningCheck.Checked checked = OpeningCheck.check(path, longestLine, clock);
            return new HistoryFile(path, fsync, longestLine, clock, events, ownership, Handle.open(path, checked),
                    checked.size());
        } catch (IOException | RuntimeException e) {
            ownership.close();
            throw e;
        }
    }

    /** The most bytes a history line can have when commands may have {@code maxLineBytes}. */
    public static long longestLine(int maxLineBytes) {
        return (long) SANITISED_EXPANSION * maxLineBytes + LINE_OVERHEAD_BYTES;
    }

    @Override
    public long append(byte[] line) throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                throw new IOException("history " + path + " is closed");
            }
            followThePath();
            long start = size;
            byte[] bytes = needsLineEnd ? withLineEndFirst(line) : line;
            Handle current = file;
            try {
                if (mustSeek) {
                    current.appender().seek(start); // only after a change: otherwise the pointer is already there
                    mustSeek = false;
                }
                current.appender().write(bytes);
                if (fsync == FsyncPolicy.ALWAYS) {
                    sync(current);
                }
            } catch (IOException e) {
                mustSeek = true;
                cutBackTo(current, start);
                throw e;
            }
            needsLineEnd = false;
            size = start + bytes.length;
            return size;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * {@inheritDoc} Group commit: one writer at a time runs the fsync, outside {@code syncLock}, for every line
     * appended before it began; the writers that come meanwhile wait for it to end, and those it covered return
     * at once. (Holding the lock across the fsync made a writer the last fsync had covered wait out the next
     * one too, behind the writer it missed: docs/PERFORMANCE.md, "Where the group commit's time goes".)
     */
    @Override
    public void syncTo(long position) throws IOException {
        if (fsync != FsyncPolicy.BATCH || syncedSize >= position) {
            return; // an fsync that started after our append already covered us
        }
        Handle handle;
        long target;
        syncLock.lock();
        try {
            while (true) {
                if (syncedSize >= position) {
                    return;
                }
                if (!syncing) {
                    break;
                }
                syncEnded.awaitUninterruptibly(); // as the fsync it waits for, an interrupt does not end the wait
            }
            syncing = true;
            target = size;
            handle = file;
        } finally {
            syncLock.unlock();
        }
        boolean synced = false;
        try {
            sync(handle);
            synced = true;
        } finally {
            syncLock.lock();
            try {
                syncing = false;
                if (synced && handle == file && target > syncedSize) {
                    syncedSize = target; // not when the file was switched meanwhile: the switch synced the old one
                }
                syncEnded.signalAll();
            } finally {
                syncLock.unlock();
            }
        }
    }

    private void sync(Handle handle) throws IOException {
        long started = System.nanoTime();
        handle.appender().getFD().sync();
        events.historySynced(System.nanoTime() - started);
    }

    @Override
    public long size() {
        return size;
    }

    /**
     * {@inheritDoc} Memory use does not grow with the file. A slice taken before the file was truncated or
     * replaced ends at the current end of the file that the path names.
     */
    @Override
    public long copyTail(long end, int lines, OutputStream out) throws IOException {
        long stop = Math.min(end, size);
        long start;
        try {
            start = lines == Integer.MAX_VALUE ? 0 : startOfLastLines(stop, lines);
        } catch (ShorterThanExpected e) {
            LOG.log(System.Logger.Level.WARNING, "history {0} is shorter than a slice of it: someone truncated it; "
                    + "the reader gets no lines", path);
            return 0;
        }
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, stop - start))];
        CleanLines clean = new CleanLines(out);
        long position = start;
        while (position < stop) {
            int read = readAt(position, buffer, 0, (int) Math.min(buffer.length, stop - position));
            if (read < 0) {
                break; // truncated meanwhile: the lines so far, the last one ended by CleanLines
            }
            clean.write(buffer, 0, read); // outside readLock: a slow client holds up nobody else
            position += read;
        }
        clean.finish();
        return clean.written();
    }

    public Path path() {
        return path;
    }

    /** The identity (device and inode) of the file appended to now. */
    Object fileKey() {
        return file.fileKey();
    }

    @Override
    public FsyncPolicy fsync() {
        return fsync;
    }

    /** The path, for log lines. */
    @Override
    public String toString() {
        return path.toString();
    }

    /**
     * Looks at the path now, as the next append would, and when it names another file or none, closes ours
     * and opens (or creates) the one it names: after {@link RotatingHistory} renamed the file, or on SIGHUP
     * after an external logrotate did. When the path still names our file, nothing changes.
     */
    public void reopen() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                throw new IOException("history " + path + " is closed");
            }
            expectedChange = true;
            try {
                followThePath();
            } finally {
                expectedChange = false;
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Flushes to stable storage, closes, and gives up ownership. Later appends fail. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (!closed) {
                closed = true;
                try (ownership) {
                    Handle current = file;
                    try {
                        current.appender().getFD().sync();
                    } finally {
                        current.close();
                    }
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Makes {@link #file} and {@link #size} agree with what the path names now. Under appendLock. */
    private void followThePath() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            switchFile("was moved or deleted");
            return;
        }
        if (!file.fileKey().equals(now.fileKey())) {
            switchFile("was replaced");
            return;
        }
        if (cutPending) {
            cutBackTo(file, size); // retry: bytes of ours past size are not someone else's
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        long real = now.size();
        if (real != size) {
            adopt(real);
        }
    }

    /** The same file has another length than ours: keep what someone else wrote, and append after it. */
    private void adopt(long real) throws IOException {
        if (real > size) {
            LOG.log(System.Logger.Level.WARNING, "history {0}: {1,number,#} bytes were appended by someone else; they are "
                    + "kept, and reach clients cleaned like every line read from the file", path, real - size);
        } else {
            LOG.log(System.Logger.Level.WARNING, "history {0} was truncated from {1,number,#} to {2,number,#} bytes "
                    + "under the server (logrotate copytruncate?); appending goes on at its new end", path, size, real);
        }
        needsLineEnd = real > 0 && lastByte(real) != '\n';
        mustSeek = true;
        setSize(real);
    }

    /** The path names another file, or none: check it (creating it if missing) and append there from now on. */
    private void switchFile(String what) throws IOException {
        // The check reads through a FileChannel, which an interrupt would close mid-way, and the caller may be
        // a connection thread whose connection is ending (interrupted) while it appends its "has left" notice:
        // the interrupt waits until the check is done.
        boolean interrupted = Thread.interrupted();
        OpeningCheck.Checked checked;
        Handle next;
        try {
            checked = OpeningCheck.check(path, longestLine, clock);
            next = Handle.open(path, checked);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Handle previous = file;
        syncLock.lock();
        readLock.lock();
        try {
            while (syncing) {
                syncEnded.awaitUninterruptibly(); // no fsync may be in the kernel on the descriptor closed below
            }
            file = next;
        } finally {
            readLock.unlock();
            syncLock.unlock();
        }
        try {
            previous.appender().getFD().sync(); // lines ACKed under batch were promised to the old file
            previous.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "history {0}: closing the file it named before: {1}", path, e.toString());
        }
        needsLineEnd = false;
        mustSeek = true;
        cutPending = false;
        setSize(checked.size());
        LOG.log(expectedChange ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "history {0} {1}{2}; appending "
                + "to the file the path names now ({3,number,#} bytes)", path, what,
                expectedChange ? "" : " under the server", checked.size());
    }

    private void setSize(long newSize) {
        size = newSize;
        syncLock.lock();
        try {
            while (syncing) {
                syncEnded.awaitUninterruptibly(); // its target was taken from the old size: let it land first
            }
            syncedSize = Math.min(syncedSize, newSize);
        } finally {
            syncLock.unlock();
        }
    }

    private int lastByte(long length) throws IOException {
        RandomAccessFile appender = file.appender();
        appender.seek(length - 1);
        return appender.read();
    }

    private static byte[] withLineEndFirst(byte[] line) {
        byte[] bytes = new byte[line.length + 1];
        bytes[0] = '\n';
        System.arraycopy(line, 0, bytes, 1, line.length);
        return bytes;
    }

    /** The start of the {@code lines}-th line from the end below {@code end}. */
    private long startOfLastLines(long end, int lines) throws IOException {
        // The LF that ends the last line does not start a line, so the scan begins just before it.
        return end == 0 ? 0 : afterNewlineBackwards(end - 1, lines);
    }

    /** Scans backwards from {@code end} for the {@code count}-th LF below it; the position just after it, or 0. */
    private long afterNewlineBackwards(long end, int count) throws IOException {
        byte[] bytes = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end))];
        long blockEnd = end;
        int newlines = 0;
        while (blockEnd > 0) {
            int length = (int) Math.min(bytes.length, blockEnd);
            long blockStart = blockEnd - length;
            readFully(blockStart, bytes, length);
            for (int i = length - 1; i >= 0; i--) {
                if (bytes[i] == '\n' && ++newlines == count) {
                    return blockStart + i + 1;
                }
            }
            blockEnd = blockStart;
        }
        return 0;
    }

    /** The file ended before a position below our size: someone truncated it. */
    private static final class ShorterThanExpected extends IOException {
    }

    private void readFully(long position, byte[] bytes, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int read = readAt(position + done, bytes, done, length - done);
            if (read < 0) {
                throw new ShorterThanExpected();
            }
            done += read;
        }
    }

    /** Reads up to {@code length} bytes at {@code position} into {@code bytes} at {@code offset}; -1 at the end of the file. */
    private int readAt(long position, byte[] bytes, int offset, int length) throws IOException {
        readLock.lock();
        try {
            RandomAccessFile reader = file.reader();
            reader.seek(position);
            return reader.read(bytes, offset, length);
        } finally {
            readLock.unlock();
        }
    }

    private void cutBackTo(Handle current, long start) {
        try {
            current.appender().setLength(start);
            cutPending = false;
        } catch (IOException e) {
            cutPending = true; // retried before the next append, which must not mistake these bytes for someone else's
            LOG.log(System.Logger.Level.WARNING, "history {0}: could not cut back a failed append: {1}", path, e.toString());
        }
    }
}
