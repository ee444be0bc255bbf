package org.netcatchat.server.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ownership of a history file: an exclusive lock on the sidecar {@code <history>.lock}, held for as long as
 * the history is open, so a second server on the same {@code --history-file} (another process or this one)
 * refuses to start instead of overwriting lines. The sidecar holds the owner's pid, for the refusal message;
 * it stays behind after a stop, and means nothing without the lock.
 *
 * <p>Why a sidecar and not the history itself: on Linux the JDK's file locks are POSIX record locks, which a
 * process loses when it closes <em>any</em> descriptor of the file — and the history's descriptors are opened
 * and closed at start-up and on a reopen. Nobody else opens the sidecar in this process: a second open in
 * this JVM is refused from {@link #HELD} before it opens anything.
 *
 * <p>The lock's channel is only written once, with the pid, by the thread that opens the history, before any
 * connection exists. It is never used for I/O after that, so no interrupt of a connection thread can close
 * it (an interrupt closes a {@link FileChannel} only when it lands in an I/O call on it).
 */
final class HistoryLock implements AutoCloseable {
    /** The sidecars locked by this JVM, as absolute paths. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path sidecar;
    private final FileChannel channel;

    private HistoryLock(Path sidecar, FileChannel channel) {
        this.sidecar = sidecar;
        this.channel = channel;
    }

    static HistoryLock acquire(Path history) throws IOException {
        Path sidecar = sidecarOf(history);
        long pid = ProcessHandle.current().pid();
        if (!HELD.add(sidecar)) {
            throw inUse(history, pid);
        }
        boolean locked = false;
        try {
            FileChannel channel = FileChannel.open(sidecar, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // The same file under another name, locked by this JVM. The channel is left open on purpose:
                // closing it would release the holder's POSIX lock along with it.
                throw inUse(history, pid);
            }
            try {
                if (lock == null) {
                    throw inUse(history, holderPid(sidecar));
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                locked = true;
                return new HistoryLock(sidecar, channel);
            } finally {
                if (!locked) {
                    channel.close();
                }
            }
        } catch (NoSuchFileException e) {
            throw new HistoryRefusedException("cannot open the history file " + history + ": the directory "
                    + sidecar.getParent() + " does not exist");
        } catch (FileSystemException e) {
            String reason = e instanceof AccessDeniedException ? "permission denied"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new HistoryRefusedException("cannot write the history file " + history + ": its lock file " + sidecar
                    + ": " + reason);
        } finally {
            if (!locked) {
                HELD.remove(sidecar);
            }
        }
    }

    /** Releases the lock; the sidecar file stays. */
    @Override
    public void close() throws IOException {
        try {
            channel.close(); // releases the lock
        } finally {
            HELD.remove(sidecar);
        }
    }

    private static Path sidecarOf(Path history) {
        Path absolute = history.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    /** Read by another process than the holder: closing this descriptor cannot release the holder's lock. */
    private static String holderPid(Path sidecar) {
        try {
            String pid = Files.readString(sidecar, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static HistoryRefusedException inUse(Path history, Object pid) {
        return new HistoryRefusedException("the history file " + history + " is in use by another server (pid " + pid
                + "): stop it, or give this one another --history-file");
    }
}
