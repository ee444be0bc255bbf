package org.netcatchat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The text of one benchmark message: who sent it, its number in that sender's stream, and when it was composed.
 * Printable ASCII without spaces, so both our server and an IRC daemon carry it unchanged.
 *
 * <pre>
 *   ~3fa9c1.4.1207.918273645501234.xxxxxxxxxxxx
 *   | |      | |    |               +-- padding up to --payload-bytes
 *   | |      | |    +-- System.nanoTime() of the generator when the message was composed
 *   | |      | +-- sequence number in the sender's stream, from 0
 *   | |      +-- sender index, from 0
 *   | +-- run tag: lines of other runs (a history replay, a server that was not restarted) are ignored
 *   +-- marker
 * </pre>
 *
 * The sync message that ends set-up is {@code ~<tag>.sync}.
 */
final class Payload {
    static final byte MARKER = '~';
    static final byte SEPARATOR = '.';
    static final byte PAD = 'x';
    static final int TAG_LENGTH = 6;
    private static final byte[] SYNC = "sync".getBytes(StandardCharsets.US_ASCII);

    private Payload() {
    }

    /** A random run tag of {@link #TAG_LENGTH} lower-case hex digits. */
    static byte[] newTag(java.util.random.RandomGenerator random) {
        String hex = String.format("%06x", random.nextInt(1 << 24));
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    static void writeMessage(ByteBuffer out, byte[] tag, int sender, int seq, long nanos, int padTo) {
        int start = out.position();
        out.put(MARKER).put(tag).put(SEPARATOR);
        putDecimal(out, sender);
        out.put(SEPARATOR);
        putDecimal(out, seq);
        out.put(SEPARATOR);
        putDecimal(out, nanos);
        out.put(SEPARATOR);
        while (out.position() - start < padTo) {
            out.put(PAD);
        }
    }

    static void writeSync(ByteBuffer out, byte[] tag) {
        out.put(MARKER).put(tag).put(SEPARATOR).put(SYNC);
    }

    /** Room a message needs, generously: the fields plus the padding. */
    static int maxLength(int padTo) {
        return Math.max(padTo, 1 + TAG_LENGTH + 1 + 11 + 1 + 11 + 1 + 20 + 1) + 1;
    }

    static void putDecimal(ByteBuffer out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        if (value < 10) {
            out.put((byte) ('0' + value));
            return;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        int at = out.position() + digits;
        for (long v = value; v > 0; v /= 10) {
            out.put(--at, (byte) ('0' + v % 10));
        }
        out.position(out.position() + digits);
    }

    /** What a delivered line carried. Reused: one per I/O loop, not thread-safe. */
    static final class Reader {
        enum Kind { MESSAGE, SYNC, FOREIGN, MALFORMED }

        private final byte[] tag;
        int sender;
        int seq;
        long nanos;
        private long number;

        Reader(byte[] tag) {
            this.tag = tag.clone();
        }

        /** Reads bytes [from, to) that start with the marker. */
        Kind read(byte[] b, int from, int to) {
            int i = from;
            if (i >= to || b[i] != MARKER) {
                return Kind.FOREIGN;
            }
            i++;
            if (to - i < TAG_LENGTH + 1) {
                return Kind.FOREIGN;
            }
            for (int k = 0; k < TAG_LENGTH; k++) {
                if (b[i + k] != tag[k]) {
                    return Kind.FOREIGN;
                }
            }
            i += TAG_LENGTH;
            if (b[i] != SEPARATOR) {
                return Kind.FOREIGN;
            }
            i++;
            if (to - i >= SYNC.length && b[i] == 's') {
                for (int k = 0; k < SYNC.length; k++) {
                    if (b[i + k] != SYNC[k]) {
                        return Kind.MALFORMED;
                    }
                }
                return Kind.SYNC;
            }
            i = number(b, i, to);
            if (i < 0 || number > Integer.MAX_VALUE) {
                return Kind.MALFORMED;
            }
            sender = (int) number;
            i = number(b, i, to);
            if (i < 0 || number > Integer.MAX_VALUE) {
                return Kind.MALFORMED;
            }
            seq = (int) number;
            i = number(b, i, to);
            if (i < 0) {
                return Kind.MALFORMED;
            }
            nanos = number;
            return Kind.MESSAGE;
        }

        /** Parses digits up to a separator (or the end) into {@link #number}; returns the index after it, or -1. */
        private int number(byte[] b, int from, int to) {
            long v = 0;
            int i = from;
            while (i < to && b[i] != SEPARATOR) {
                int d = b[i] - '0';
                if (d < 0 || d > 9 || i - from >= 19) {
                    return -1;
                }
                v = v * 10 + d;
                i++;
            }
            if (i == from) {
                return -1;
            }
            number = v;
            return i < to ? i + 1 : i;
        }
    }
}
