package org.netcatchat.server.history;

import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The history as the live {@link HistoryFile} plus the files rotated out of it: when an append would take
 * {@code history.txt} past {@code maxBytes}, it is renamed to {@code history.txt.1} (the older ones shifted to
 * {@code .2} … {@code .keep}, the oldest deleted) and a new {@code history.txt} is started, all under the
 * append lock, so the global order and "ACK means it is in the history" hold across a rotation.
 *
 * <p>Positions are global byte offsets: the bytes of the kept files (oldest first) followed by the live file.
 * They only grow: a rotation moves the live file's bytes into {@code .1} without changing their position.
 * A slice ({@code hist}, the join replay) takes a snapshot of the layout (which file holds which positions,
 * and each file's identity, its {@code fileKey}) under {@link #rotateLock}, without any I/O; then, holding no
 * lock, it opens the files it needs through {@link CheckedOpen} (never through a symbolic link, never anything
 * but the regular file the server wrote, never blocking, even on a FIFO) and streams from those descriptors
 * through {@link TailCopy}. Renames and deletes done meanwhile do not touch an open descriptor, so a slice
 * parked across rotations is streamed whole, as it was. A rotation between the snapshot and the opens shows
 * as a file under its old name that is not the one expected: the slice takes a new snapshot and tries again.
 * A file that is not the one the server wrote, with no rotation to explain it (someone put a link, a FIFO or
 * another file there), is left out of the slice with a WARNING naming it: its lines are not served.
 *
 * <p>Crash-safe order of a rotation: (1) delete {@code .keep}; (2) rename {@code .k} to {@code .k+1}, from the
 * oldest down; (3) rename {@code history.txt} to {@code .1}; (4) fsync the directory; (5) open a new
 * {@code history.txt}. Every step is one atomic rename or unlink, and no step touches the bytes of a file, so
 * a kill -9 between any two leaves every ACKed line in some file: a gap in the numbers ({@code .1} missing
 * after a crash before step 3) or a missing {@code history.txt} (a crash before step 5) is what start-up finds,
 * and it needs no repair: the kept files are read in number order, gaps skipped, and a missing live file is
 * created.
 *
 * <p>With {@code maxBytes} 0 there is no rotation and no kept file is read: the live file alone, as
 * {@link HistoryFile} is (an external logrotate and SIGHUP are the other way to rotate).
 *
 * <p>Thread-safe. Lock order: the log's order lock ({@code FileLog}), then {@link #appendLock}, then {@link #rotateLock}, then
 * HistoryFile's own locks. Readers take {@code rotateLock} alone, only to copy the layout: no file is opened
 * under any lock a reader takes, so nothing at a path can hold up the chat, a rotation or a stop.
 *
 * <p>Just past 300 lines: the rotation steps and the layout snapshot readers copy are one consistent state.
 */
public final class RotatingHistory implements History {
    private static final System.Logger LOG = System.getLogger(RotatingHistory.class.getName());
    /** Files kept when {@code --history-keep} is not given. */
    public static final int DEFAULT_KEEP = 5;

    private final HistoryFile live;
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private final ServerEvents events;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock rotateLock = new ReentrantLock();

    /** Snapshots a slice tries before it reads the files that match, leaving out the others: rotations are rare. */
    private static final int SNAPSHOT_TRIES = 5;

    /** A kept file: its number now ({@code history.txt.<number>}), its global start and length, its identity. */
    private record Kept(int number, long start, long length, Object fileKey) {
    }

    /** Where a slice finds its bytes: the kept files, the live file's start and identity, the rotations so far. */
    private record Layout(List<Kept> kept, long base, Object liveKey, long rotations) {
    }

    /** The kept files, oldest first. Replaced (never changed) under appendLock and rotateLock: either one keeps it. */
    private volatile List<Kept> kept;
    /** Global position of the live file's first byte. Written under appendLock and rotateLock. */
    private volatile long base;
    /** Global position after the last whole line. Written under appendLock. */
    private volatile long size;
    /** Rotations done. Written under appendLock and rotateLock. */
    private volatile long rotations;
    /** A rotation failed and was logged: the next failures are not. Guarded by appendLock. */
    private boolean rotationFailing;

    private RotatingHistory(HistoryFile live, long maxBytes, int keep, ServerEvents events, List<Kept> kept) {
        this.live = live;
        this.path = live.path();
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.events = events;
        this.kept = List.copyOf(kept);
        this.base = kept.isEmpty() ? 0 : kept.getLast().start() + kept.getLast().length();
        this.size = base + live.size();
        events.historyBytes(live.size());
    }

    /**
     * Wraps an open live file. The kept files {@code .1} … {@code .keep} that exist are found (gaps, left by a
     * crash mid-rotation, are skipped); they are never written, so they are not checked: every byte read from
     * them goes through {@link CleanLines}.
     *
     * @param maxBytes the live file's limit; 0: no rotation
     * @param keep     rotated files kept, at least 1 when {@code maxBytes} is not 0
     */
    public static RotatingHistory over(HistoryFile live, long maxBytes, int keep, ServerEvents events) throws IOException {
        if (maxBytes < 0 || keep < 0 || (maxBytes > 0 && keep < 1)) {
            throw new IllegalArgumentException("history rotation needs max bytes >= 0 and, with rotation, keep >= 1");
        }
        List<Kept> found = new ArrayList<>();
        if (maxBytes > 0) {
            long start = 0;
            for (int number = keep; number >= 1; number--) {
                Path file = numbered(live.path(), number);
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.isRegularFile()) {
                        LOG.log(System.Logger.Level.WARNING, "history {0} is not a regular file: it is not read", file);
                        continue;
                    }
                    found.add(new Kept(number, start, attributes.size(), attributes.fileKey()));
                    start += attributes.size();
                } catch (NoSuchFileException e) {
                    // never rotated this far, or a gap left by a crash between two renames
                }
            }
        }
        return new RotatingHistory(live, maxBytes, keep, events, found);
    }

    static Path numbered(Path path, int number) {
        return path.resolveSibling(path.getFileName() + "." + number);
    }

    @Override
    public long append(byte[] line) throws IOException {
        appendLock.lock();
        try {
            long liveSize = live.size();
            if (maxBytes > 0 && liveSize > 0 && liveSize + line.length > maxBytes) {
                rotate(liveSize);
            }
            long end = base + live.append(line);
            size = end;
            events.historyBytes(end - base);
            return end;
        } finally {
            appendLock.unlock();
        }
    }

    /** Under appendLock. A failure is logged and the line goes to the live file anyway: the limit waits, the chat does not. */
    private void rotate(long liveSize) {
        rotateLock.lock();
        try {
            live.syncTo(Long.MAX_VALUE); // lines ACKed under batch were promised to this file: make them durable first
            List<Kept> next = new ArrayList<>(kept);
            // (1) and (2): the oldest goes, the others move up one, from the oldest down
            for (int i = 0; i < next.size(); i++) {
                Kept file = next.get(i);
                if (file.number() >= keep) {
                    Files.deleteIfExists(numbered(path, file.number()));
                    next.remove(i--);
                    kept = List.copyOf(next);
                } else {
                    try {
                        Files.move(numbered(path, file.number()), numbered(path, file.number() + 1), StandardCopyOption.ATOMIC_MOVE);
                        next.set(i, new Kept(file.number() + 1, file.start(), file.length(), file.fileKey()));
                    } catch (NoSuchFileException e) {
                        next.remove(i--); // deleted by hand: forgotten, and rotation goes on
                    }
                    kept = List.copyOf(next);
                }
            }
            // (3) the live file becomes .1; (4) the names are made durable; (5) a new live file
            Object liveKey = live.fileKey(); // the file the server wrote: anything else renamed with it is not read
            Files.move(path, numbered(path, 1), StandardCopyOption.ATOMIC_MOVE);
            next.add(new Kept(1, base, liveSize, liveKey));
            rotations++;
            kept = List.copyOf(next);
            base += liveSize;
            syncDirectory();
            live.reopen();
            events.historyRotated();
            rotationFailing = false;
            LOG.log(System.Logger.Level.INFO, "history {0}: rotated at {1,number,#} bytes to {2}; {3,number,#} rotated "
                    + "files kept", path, liveSize, numbered(path, 1), next.size());
        } catch (IOException e) {
            if (!rotationFailing) {
                rotationFailing = true;
                LOG.log(System.Logger.Level.WARNING, "history {0}: rotation failed ({1}); lines go on to the live file, "
                        + "and the next append tries again", path, e.toString());
            }
        } finally {
            rotateLock.unlock();
        }
    }

    private void syncDirectory() {
        Path directory = path.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "history {0}: cannot fsync the directory: {1}", path, e.toString());
        }
    }

    @Override
    public void syncTo(long position) throws IOException {
        long liveStart = base;
        if (position > liveStart) {
            live.syncTo(position - liveStart);
        } // else: in a rotated file, made durable before it was rotated
    }

    @Override
    public long size() {
        return size;
    }

    /** {@inheritDoc} Across the kept files and the live one, oldest first; see the class comment for rotations meanwhile. */
    @Override
    public long copyTail(long end, int lines, OutputStream out) throws IOException {
        end = Math.min(end, size); // a slice taken before the live file was replaced under the server ends at its end
        for (int attempt = 1; ; attempt++) {
            Layout layout = layout();
            List<TailCopy.Part> parts = new ArrayList<>();
            List<String> leftOut = new ArrayList<>();
            try {
                for (Kept file : layout.kept()) {
                    if (file.start() >= end) {
                        break;
                    }
                    openPart(numbered(path, file.number()), file.fileKey(), Math.min(file.length(), end - file.start()),
                            parts, leftOut);
                }
                if (end > layout.base()) {
                    openPart(path, layout.liveKey(), end - layout.base(), parts, leftOut);
                }
                if (leftOut.isEmpty() || attempt == SNAPSHOT_TRIES || layout.rotations() == rotations) {
                    for (String file : leftOut) {
                        LOG.log(System.Logger.Level.WARNING, "history {0}: it is not read, and a hist or "
                                + "join replay goes on without its lines", file);
                    }
                    return new TailCopy(parts).copy(lines, out);
                }
                // a rotation renamed the files between the snapshot and the opens: look again
            } finally {
                for (TailCopy.Part part : parts) {
                    part.file().close();
                }
            }
        }
    }

    /** Under rotateLock, without I/O: a consistent view of which file holds which positions. */
    private Layout layout() {
        rotateLock.lock();
        try {
            return new Layout(kept, base, live.fileKey(), rotations);
        } finally {
            rotateLock.unlock();
        }
    }

    /**
     * Opens the first {@code length} bytes of {@code file}, if it is the file with {@code fileKey} (fewer bytes
     * if it is shorter: someone truncated it).
     *
     * When something else is at the path, the part is left out and {@code leftOut} says why (a rotation may
     * explain it: the caller decides).
     */
    private static void openPart(Path file, Object fileKey, long length, List<TailCopy.Part> parts, List<String> leftOut)
            throws IOException {
        switch (CheckedOpen.open(file, fileKey)) {
            case CheckedOpen.Opened(FileChannel channel) -> parts.add(new TailCopy.Part(channel, Math.min(length, channel.size())));
            case CheckedOpen.Gone() -> leftOut.add(file + " is gone");
            case CheckedOpen.NotOurs(String what) -> leftOut.add(file + " is " + what);
        }
    }

    /** SIGHUP: closes the live file's descriptors and opens the path again if it names another file now. */
    public void reopen() throws IOException {
        appendLock.lock();
        try {
            long before = live.size();
            live.reopen();
            size = base + live.size();
            if (live.size() != before) {
                events.historyBytes(live.size());
            }
        } finally {
            appendLock.unlock();
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public FsyncPolicy fsync() {
        return live.fsync();
    }

    @Override
    public String toString() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            live.close();
        } finally {
            appendLock.unlock();
        }
    }
}
