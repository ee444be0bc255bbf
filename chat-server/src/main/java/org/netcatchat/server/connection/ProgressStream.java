package org.netcatchat.server.connection;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socket's output as the writer sees it, counting the bytes the kernel has taken, so that the reader can
 * tell a leaving client that is still reading (slowly) from one that has stopped. A blocking socket write
 * returns only once all of it is taken, so large writes are split into pieces of {@link #PIECE_BYTES}: a client
 * reading at a few KiB/s still shows progress every few seconds, in the middle of a 9 MB {@code hist}.
 * Thread-safe as far as it needs to be: one writer thread writes, any thread reads {@link #written}.
 */
final class ProgressStream extends FilterOutputStream {
    /** The history is copied in pieces of this size anyway, and a 64 KiB batch takes four system calls, not one. */
    static final int PIECE_BYTES = 16 * 1024;

    private final AtomicLong written = new AtomicLong();

    ProgressStream(OutputStream out) {
        super(out);
    }

    /** Bytes taken by the kernel so far. */
    long written() {
        return written.get();
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        written.incrementAndGet();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        for (int at = offset; at < end; at += PIECE_BYTES) {
            int piece = Math.min(PIECE_BYTES, end - at);
            out.write(bytes, at, piece);
            written.addAndGet(piece);
        }
    }
}
