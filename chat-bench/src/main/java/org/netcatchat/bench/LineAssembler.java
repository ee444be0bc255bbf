package org.netcatchat.bench;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines without copying the ones that arrive whole: a line that lies inside one read
 * is handed over in place; only a line split across reads is carried. Not thread-safe: one per connection.
 */
final class LineAssembler {
    /** Far above any line a chat server or an IRC daemon sends; a longer one is handed over in pieces. */
    private static final int MAX_CARRY = 1 << 20;
    private static final byte[] NONE = new byte[0];

    interface Sink {
        /** Bytes [from, to) of one line, without LF and without a CR before it. Valid only during the call. */
        void line(byte[] bytes, int from, int to);

        /** A 0x00 byte: the end of a reply in our dialect. */
        void endOfReply();
    }

    private byte[] carry = NONE;
    private int carried;

    /** {@code nulEndsReply}: our dialect ends replies with 0x00; IRC has no such byte. */
    void feed(byte[] bytes, int offset, int count, boolean nulEndsReply, Sink sink) {
        int end = offset + count;
        int start = offset;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            boolean lf = b == '\n';
            if (!lf && !(nulEndsReply && b == 0)) {
                continue;
            }
            if (carried > 0) {
                append(bytes, start, i);
                int length = carried;
                carried = 0;
                sink.line(carry, 0, withoutCr(carry, 0, length));
            } else if (lf || i > start) {
                sink.line(bytes, start, withoutCr(bytes, start, i));
            }
            if (!lf) {
                sink.endOfReply();
            }
            start = i + 1;
        }
        if (start < end) {
            append(bytes, start, end);
            if (carried >= MAX_CARRY) {
                int length = carried;
                carried = 0;
                sink.line(carry, 0, length);
            }
        }
    }

    private void append(byte[] bytes, int from, int to) {
        int length = to - from;
        if (carried + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carried + length, Math.max(64, carry.length * 2)));
        }
        System.arraycopy(bytes, from, carry, carried, length);
        carried += length;
    }

    private static int withoutCr(byte[] bytes, int from, int to) {
        return to > from && bytes[to - 1] == '\r' ? to - 1 : to;
    }
}
