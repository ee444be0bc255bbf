package org.netcatchat.server.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a history file by name for reading only if it is still the regular file the server wrote, identified
 * by its {@code fileKey} (device and inode): never through a symbolic link, never a FIFO, a device or a file
 * someone put in its place. Opening never blocks: a FIFO opened for reading alone would wait for a writer, so
 * the file is opened read-write ({@code O_RDWR}, which Linux never blocks on a FIFO) with
 * {@code O_NOFOLLOW}, and is only ever read. The path is looked at ({@code lstat}) before and after the open;
 * both must show the expected file, so a swap in between is caught (Java cannot {@code fstat} a channel).
 * Only where the file is not writable (an operator made a kept file read-only) is it opened read-only, after
 * the same first look.
 *
 * <p>Stateless, thread-safe; takes no lock, and is never called under one the chat or a stop needs.
 */
final class CheckedOpen {
    private static final Set<OpenOption> READ_WRITE = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> READ_ONLY = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    /** What opening found. */
    sealed interface Outcome {
    }

    /** The expected file, open; the caller closes it. */
    record Opened(FileChannel channel) implements Outcome {
    }

    /** Nothing at the path. */
    record Gone() implements Outcome {
    }

    /** Something else at the path: {@code what} says what, for the log. */
    record NotOurs(String what) implements Outcome {
    }

    private CheckedOpen() {
    }

    static Outcome open(Path path, Object expectedKey) throws IOException {
        Optional<Outcome> before = mismatch(path, expectedKey);
        if (before.isPresent()) {
            return before.get();
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, READ_WRITE);
        } catch (AccessDeniedException e) {
            channel = FileChannel.open(path, READ_ONLY);
        } catch (NoSuchFileException e) {
            return new Gone();
        } catch (FileSystemException e) {
            return new NotOurs("replaced while it was opened (" + e.getReason() + ")"); // ELOOP: a symlink now
        }
        Optional<Outcome> after = mismatch(path, expectedKey);
        if (after.isEmpty()) {
            return new Opened(channel);
        }
        channel.close();
        return after.get() instanceof Gone ? new NotOurs("replaced while it was opened") : after.get();
    }

    /** Empty when the path names the expected regular file; otherwise what it names. */
    private static Optional<Outcome> mismatch(Path path, Object expectedKey) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.of(new Gone());
        }
        if (attributes.isSymbolicLink()) {
            return Optional.of(new NotOurs("a symbolic link"));
        }
        if (!attributes.isRegularFile()) {
            return Optional.of(new NotOurs("not a regular file"));
        }
        if (!expectedKey.equals(attributes.fileKey())) {
            return Optional.of(new NotOurs("another file than the one the server wrote"));
        }
        return Optional.empty();
    }
}
