package org.netcatchat.server.history;

import java.io.IOException;
import java.io.OutputStream;
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
 * <p>Thread-safe. Lock order: the room lock may be held while taking {@code appendLock} (that is how lines
 * reach the file and the clients in the same order), never the reverse; {@code syncLock} is taken alone.
 */
public final class HistoryFile implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HistoryFile.class.getName());
    /** Big enough to stream history in few system calls, small enough to allocate per request. */
    private static final int COPY_BUFFER_BYTES = 16 * 1024;

    private final Path path;
    private final FsyncPolicy fsync;
    private final FileChannel channel;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Every byte below it is part of a whole line. Written under appendLock, read anywhere. */
    private volatile long size;
    /** Everything below it is on stable storage. Guarded by syncLock. */
    private long syncedSize;

    private HistoryFile(Path path, FsyncPolicy fsync, FileChannel channel, long size) {
        this.path = path;
        this.fsync = fsync;
        this.channel = channel;
        this.size = size;
        this.syncedSize = size;
    }

    /**
     * Opens (or creates) the file. A last line without its LF can only be a write cut short by a crash,
     * before its ACK: it is cut off, and the cut is logged with the bytes it dropped.
     */
    public static HistoryFile open(Path path, FsyncPolicy fsync) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long size = lengthOfWholeLines(channel);
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
            return new HistoryFile(path, fsync, channel, size);
        } catch (IOException | RuntimeException e) {
            channel.close();
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
            ByteBuffer buffer = ByteBuffer.wrap(line);
            try {
                long position = start;
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                if (fsync == FsyncPolicy.ALWAYS) {
                    channel.force(false);
                }
            } catch (IOException e) {
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
            channel.force(false);
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
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end - start)));
        long position = start;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                break;
            }
            out.write(buffer.array(), 0, read);
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
            if (channel.isOpen()) {
                channel.force(true);
                channel.close();
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Scans backwards from {@code end} for the start of the {@code lines}-th line from the end. */
    private long startOfLastLines(long end, int lines) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end)));
        long blockEnd = end;
        int newlines = 0;
        while (blockEnd > 0) {
            int length = (int) Math.min(buffer.capacity(), blockEnd);
            long blockStart = blockEnd - length;
            buffer.clear().limit(length);
            readFully(buffer, blockStart);
            byte[] bytes = buffer.array();
            for (int i = length - 1; i >= 0; i--) {
                // The LF that ends the file's last line does not start a line; every other one does.
                if (bytes[i] == '\n' && blockStart + i != end - 1 && ++newlines == lines) {
                    return blockStart + i + 1;
                }
            }
            blockEnd = blockStart;
        }
        return 0;
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("history file " + path + " is shorter than expected");
            }
        }
    }

    private void cutBackTo(long start) {
        try {
            channel.truncate(start);
        } catch (IOException e) {
            // Nothing more to do here: size still says start, so the next append overwrites the partial bytes.
            LOG.log(System.Logger.Level.WARNING, "history {0}: could not cut back a failed append: {1}", path, e.toString());
        }
    }

    private static long lengthOfWholeLines(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer one = ByteBuffer.allocate(4096);
        while (end > 0) {
            int length = (int) Math.min(one.capacity(), end);
            one.clear().limit(length);
            long start = end - length;
            while (one.hasRemaining()) {
                if (channel.read(one, start + one.position()) < 0) {
                    break;
                }
            }
            for (int i = length - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }
}
