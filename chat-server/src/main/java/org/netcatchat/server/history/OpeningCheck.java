package org.netcatchat.server.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.InstantSource;

/**
 * What the server finds in a history file before it appends to it, at start-up and whenever the path comes
 * to name another file: never a symbolic link or anything but a regular file, never NUL bytes, and what
 * follows the last LF either short enough to be a torn write (moved to the sidecar {@code <history>.torn},
 * with the time, before it is cut off) or refused. Nothing is ever cut without being kept.
 *
 * <p>Reads the whole file once (NUL bytes can be anywhere): about the speed of a sequential read.
 */
final class OpeningCheck {
    private static final System.Logger LOG = System.getLogger(OpeningCheck.class.getName());
    private static final int BLOCK_BYTES = 64 * 1024;

    /** A checked file: the length of its whole lines and its identity (inode) when checked. */
    record Checked(long size, Object fileKey) {
    }

    private OpeningCheck() {
    }

    /**
     * Checks (creating the file if it is missing) and repairs a torn last line.
     *
     * @param longestLine the most bytes a line this server writes can have; a longer tail cannot be torn
     * @throws HistoryRefusedException when the file must not be used as it is
     */
    static Checked check(Path path, long longestLine, InstantSource clock) throws IOException {
        refuseIfNotARegularFile(path);
        // Read-write: a FIFO put at the path between the look and the open would block a read-only open.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            refuseIfNotARegularFile(path); // what was opened: a FIFO must not be read (it blocks), nor appended to
            long length = channel.size();
            long wholeLines = scan(path, channel, length);
            long tail = length - wholeLines;
            if (tail > longestLine) {
                throw new HistoryRefusedException("the history file " + path + " has " + tail
                        + " bytes after its last line end, more than the longest line this server writes (" + longestLine
                        + " bytes), so it is not a line torn by a crash: check --history-file; if it is the right file, end it with a newline");
            }
            if (tail > 0) {
                moveAside(path, channel, wholeLines, tail, clock.instant());
            }
            return new Checked(wholeLines, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey());
        } catch (NoSuchFileException e) {
            throw new HistoryRefusedException("cannot open the history file " + path + ": the directory "
                    + path.toAbsolutePath().getParent() + " does not exist");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Too many levels of symbolic links")) {
                throw symlink(path); // replaced by a link between our check and the open
            }
            throw e;
        }
    }

    static HistoryRefusedException symlink(Path path) {
        return new HistoryRefusedException("the history file " + path
                + " is a symbolic link, which the server does not follow: give the path of the file itself");
    }

    private static void refuseIfNotARegularFile(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return; // created below
        }
        if (attributes.isSymbolicLink()) {
            throw symlink(path);
        }
        if (!attributes.isRegularFile()) {
            throw new HistoryRefusedException("the history file " + path + " is not a regular file: give the path of a file");
        }
    }

    /** @return the length of the whole lines: the position after the last LF */
    private static long scan(Path path, FileChannel channel, long length) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
        byte[] bytes = block.array();
        long wholeLines = 0;
        for (long position = 0; position < length; ) {
            block.clear();
            int read = channel.read(block, position);
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    wholeLines = position + i + 1;
                } else if (bytes[i] == 0) {
                    throw new HistoryRefusedException("the history file " + path + " has a NUL byte at offset "
                            + (position + i) + ", which no server writes (a file truncated under an older server?): "
                            + "remove the NUL bytes (tr -d '\\000') or move the file away");
                }
            }
            position += read;
        }
        return wholeLines;
    }

    /** Appends the tail to {@code <history>.torn} with when and where from, makes it durable, then cuts it. */
    private static void moveAside(Path path, FileChannel channel, long wholeLines, long tail, Instant now) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) tail);
        while (bytes.hasRemaining() && channel.read(bytes, wholeLines + bytes.position()) >= 0) {
            // the file does not change under us: we own it
        }
        bytes.flip();
        Path sidecar = path.resolveSibling(path.getFileName() + ".torn");
        try (FileChannel torn = FileChannel.open(sidecar, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
            torn.write(ByteBuffer.wrap(("# " + now + ": " + tail + " bytes after the last line end of " + path
                    + " (a line torn by a crash, or a last line without its newline), cut off at start-up:\n")
                    .getBytes(StandardCharsets.UTF_8)));
            while (bytes.hasRemaining()) {
                torn.write(bytes);
            }
            torn.write(ByteBuffer.wrap(new byte[]{'\n'}));
            torn.force(true);
        }
        channel.truncate(wholeLines);
        channel.force(true);
        LOG.log(System.Logger.Level.WARNING, "history {0}: moved a torn last line of {1,number,#} bytes to {2} (a write cut short by a "
                + "crash, or a last line without its newline)", path, tail, sidecar);
    }
}
