package org.netcatchat.server.history;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Copies the last lines of a history kept in several files ({@code history.txt.N} … {@code history.txt.1},
 * {@code history.txt}) to a client, as if they were one file: finds where the last {@code n} lines start by
 * scanning backwards across the files, then streams forward, each file through its own {@link CleanLines}.
 *
 * <p>Works on descriptors opened beforehand ({@link Part}), never on names, so a rotation that renames or
 * deletes the files meanwhile changes nothing for the copy: on Linux an open file keeps its bytes whatever
 * happens to its name. A file that is shorter than expected (someone truncated it) ends its part early with
 * whole lines. Reads are positional ({@link FileChannel#read(ByteBuffer, long)}): a channel is closed by an
 * interrupt of the thread reading it, but each channel here belongs to one copy, so only that copy ends (a
 * connection thread is interrupted only when its connection is being cut). Bounded memory: one block. A file that does not end with an LF (foreign bytes) ends a line: the
 * next file starts a new one. Not thread-safe: one per copy.
 */
final class TailCopy {
    /** Big enough to stream history in few system calls, small enough to allocate per request. */
    private static final int BLOCK_BYTES = 16 * 1024;

    /** The first {@code length} bytes of an open file. */
    record Part(FileChannel file, long length) {
        Part {
            if (length < 0) {
                throw new IllegalArgumentException("length must be >= 0");
            }
        }
    }

    private final List<Part> parts;
    private final byte[] block;

    /** @param parts oldest first */
    TailCopy(List<Part> parts) {
        this.parts = List.copyOf(parts);
        long total = 0;
        for (Part part : this.parts) {
            total += part.length();
        }
        this.block = new byte[(int) Math.max(1, Math.min(BLOCK_BYTES, total))];
    }

    /**
     * Writes the last {@code lines} lines ({@link Integer#MAX_VALUE}: all) to {@code out}, cleaned.
     *
     * @return the bytes written
     */
    long copy(int lines, OutputStream out) throws IOException {
        int first = 0;
        long offset = 0;
        if (lines != Integer.MAX_VALUE) {
            int wanted = lines;
            first = -1;
            for (int i = parts.size() - 1; i >= 0 && first < 0; i--) {
                long length = parts.get(i).length();
                if (length == 0) {
                    continue;
                }
                long found = startOfLastLines(parts.get(i), wanted);
                if (found >= 0) {
                    first = i;
                    offset = found;
                } else {
                    wanted = (int) -found; // the lines still wanted from older files
                }
            }
            if (first < 0) {
                first = 0; // fewer lines than asked for: all of them
                offset = 0;
            }
        }
        long written = 0;
        for (int i = first; i < parts.size(); i++) {
            written += stream(parts.get(i), i == first ? offset : 0, out);
        }
        return written;
    }

    /**
     * Where the last {@code wanted} lines of the part start, or, when it holds fewer, minus the number of lines
     * still wanted from the files before it. A tail without an LF counts as a line.
     */
    private long startOfLastLines(Part part, int wanted) throws IOException {
        long length = part.length();
        long end = lastByte(part) == '\n' ? length - 1 : length; // the LF ending the last line starts none
        int remaining = wanted;
        long blockEnd = end;
        while (blockEnd > 0) {
            int size = (int) Math.min(block.length, blockEnd);
            long blockStart = blockEnd - size;
            if (!readFully(part.file(), blockStart, size)) {
                return 0; // shorter than expected: whatever is left, from its start
            }
            for (int i = size - 1; i >= 0; i--) {
                if (block[i] == '\n' && --remaining == 0) {
                    return blockStart + i + 1;
                }
            }
            blockEnd = blockStart;
        }
        // the whole part is fewer lines than wanted: remaining - 1 of them still wanted before it
        return remaining == 1 ? 0 : -(remaining - 1);
    }

    private int lastByte(Part part) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        return part.file().read(one, part.length() - 1) == 1 ? one.get(0) : -1;
    }

    private boolean readFully(FileChannel file, long position, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int read = file.read(ByteBuffer.wrap(block, done, length - done), position + done);
            if (read < 0) {
                return false;
            }
            done += read;
        }
        return true;
    }

    private long stream(Part part, long from, OutputStream out) throws IOException {
        CleanLines clean = new CleanLines(out);
        FileChannel file = part.file();
        for (long position = from; position < part.length(); ) {
            int read = file.read(ByteBuffer.wrap(block, 0, (int) Math.min(block.length, part.length() - position)), position);
            if (read < 0) {
                break; // truncated meanwhile: the lines so far, the last one ended by CleanLines
            }
            clean.write(block, 0, read);
            position += read;
        }
        clean.finish();
        return clean.written();
    }
}
