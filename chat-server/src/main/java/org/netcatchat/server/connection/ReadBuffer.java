package org.netcatchat.server.connection;

/**
 * The reader's buffer, sized for what the client sends: most connections are idle or type a line now and then,
 * and each holds its buffer for as long as it lives, so it starts {@link #SMALL}; a read that fills it is a client
 * sending in bulk (a flood, a paste, a pipelined burst), so the next reads get {@link #LARGE}, which takes more
 * per system call; after {@link #CALM_READS} reads in a row that the small one would have held, it is small again.
 * Growing and shrinking allocate one array each, at most once per that many reads. Not thread-safe: the reader's.
 */
final class ReadBuffer {
    /** An idle connection's whole read buffer (issue 21: a parked connection's heap is the cost to cut). */
    static final int SMALL = 256;
    static final int LARGE = 8192;
    /** Reads that would each have fit the small buffer before a large one is given back. */
    static final int CALM_READS = 32;

    private byte[] bytes = new byte[SMALL];
    private int calm;

    /** The array to read into next. */
    byte[] bytes() {
        return bytes;
    }

    /** After a read of {@code count} bytes into {@link #bytes()}: sizes the next one. */
    void read(int count) {
        if (count >= bytes.length && bytes.length < LARGE) {
            bytes = new byte[LARGE];
            calm = 0;
        } else if (bytes.length > SMALL) {
            calm = count < SMALL ? calm + 1 : 0;
            if (calm >= CALM_READS) {
                bytes = new byte[SMALL];
                calm = 0;
            }
        }
    }
}
