package org.netcatchat.server.history;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes read from the history file on their way to a client, held to the rules of lines the server writes
 * (chat-core's {@code Printable}, docs/PROTOCOL.md "Text hygiene"): a control character other than TAB and
 * the LF that ends a line, DEL, a C1 control, a bidirectional override, U+2028/U+2029 and every byte of
 * invalid UTF-8 become U+FFFD, so no byte written by someone else (ESC, OSC, BEL, NUL — which ends a reply)
 * reaches a client as it is. A line cut short by the end of the input gets its LF.
 *
 * <p>Streaming, in bounded memory: a UTF-8 sequence split between two blocks is carried over (at most three
 * bytes), and output leaves in blocks. Lines the server wrote itself pass unchanged. Not thread-safe: one per
 * copy. Public for the cluster's history, which streams lines read from Redis through it.
 */
public final class CleanLines {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    /** Each input byte becomes at most three output bytes. */
    private static final int EXPANSION = 3;

    private final OutputStream out;
    private byte[] cleaned = new byte[0];
    private int length;
    /** The bytes of an unfinished UTF-8 sequence. */
    private final byte[] pending = new byte[4];
    private int pendingLength;
    /** Continuation bytes still expected by the pending sequence. */
    private int needed;
    private int codePoint;
    private boolean atLineStart = true;
    private long written;

    public CleanLines(OutputStream out) {
        this.out = out;
    }

    public void write(byte[] bytes, int offset, int count) throws IOException {
        int end = offset + count;
        int plain = needed == 0 ? plainRun(bytes, offset, end) : offset;
        if (plain == end) { // the common case: printable ASCII lines, written as they are
            if (count > 0) {
                emit(bytes, offset, count);
            }
            return;
        }
        int capacity = (count + pendingLength + 1) * EXPANSION;
        if (cleaned.length < capacity) {
            cleaned = new byte[capacity];
        }
        System.arraycopy(bytes, offset, cleaned, 0, plain - offset);
        length = plain - offset;
        for (int i = plain; i < end; ) {
            if (needed == 0) {
                int run = plainRun(bytes, i, end);
                System.arraycopy(bytes, i, cleaned, length, run - i);
                length += run - i;
                i = run;
                if (i == end) {
                    break;
                }
            }
            take(bytes[i++]);
        }
        if (length > 0) {
            emit(cleaned, 0, length);
        }
    }

    private void emit(byte[] bytes, int offset, int count) throws IOException {
        atLineStart = bytes[offset + count - 1] == '\n';
        out.write(bytes, offset, count);
        written += count;
    }

    /** The end of the run of printable ASCII, TAB and LF that starts at {@code from}. */
    private static int plainRun(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end) {
            byte b = bytes[i];
            if ((b < 0x20 || b == 0x7F) && b != '\n' && b != '\t') { // a negative byte (non-ASCII) is < 0x20 too
                break;
            }
            i++;
        }
        return i;
    }

    /** Ends the input: an unfinished sequence becomes U+FFFD and an unfinished line gets its LF. */
    public void finish() throws IOException {
        length = 0;
        if (cleaned.length < 2 * EXPANSION) {
            cleaned = new byte[2 * EXPANSION];
        }
        if (needed > 0) {
            replace();
        }
        if (length > 0 || !atLineStart) {
            cleaned[length++] = '\n';
        }
        atLineStart = true;
        if (length > 0) {
            out.write(cleaned, 0, length);
            written += length;
        }
    }

    /** Bytes written to the output so far. */
    public long written() {
        return written;
    }

    private void take(byte b) {
        int unsigned = b & 0xFF;
        if (needed > 0) {
            if (isContinuation(unsigned)) {
                pending[pendingLength++] = b;
                codePoint = codePoint << 6 | unsigned & 0x3F;
                if (--needed == 0) {
                    if (isUnsafe(codePoint)) {
                        emitReplacement();
                    } else {
                        System.arraycopy(pending, 0, cleaned, length, pendingLength);
                        length += pendingLength;
                    }
                    pendingLength = 0;
                }
                return;
            }
            replace(); // the sequence ended early: one U+FFFD for it, then this byte on its own
        }
        if (unsigned < 0x80) {
            if (unsigned == '\n' || unsigned == '\t' || (unsigned >= 0x20 && unsigned != 0x7F)) {
                cleaned[length++] = b;
            } else {
                emitReplacement();
            }
        } else if (unsigned >= 0xC2 && unsigned <= 0xDF) {
            start(b, 1, unsigned & 0x1F);
        } else if (unsigned >= 0xE0 && unsigned <= 0xEF) {
            start(b, 2, unsigned & 0x0F);
        } else if (unsigned >= 0xF0 && unsigned <= 0xF4) {
            start(b, 3, unsigned & 0x07);
        } else {
            emitReplacement(); // a stray continuation byte, C0, C1, F5..FF: never valid here
        }
    }

    private void start(byte lead, int continuations, int bits) {
        pending[0] = lead;
        pendingLength = 1;
        needed = continuations;
        codePoint = bits;
    }

    /**
     * Whether {@code next} may follow what is pending. The second byte's range also excludes overlong forms
     * (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
     */
    private boolean isContinuation(int next) {
        if (next < 0x80 || next > 0xBF) {
            return false;
        }
        if (pendingLength != 1) {
            return true;
        }
        return switch (pending[0] & 0xFF) {
            case 0xE0 -> next >= 0xA0;
            case 0xED -> next <= 0x9F;
            case 0xF0 -> next >= 0x90;
            case 0xF4 -> next <= 0x8F;
            default -> true;
        };
    }

    private void replace() {
        needed = 0;
        pendingLength = 0;
        emitReplacement();
    }

    private void emitReplacement() {
        System.arraycopy(REPLACEMENT, 0, cleaned, length, REPLACEMENT.length);
        length += REPLACEMENT.length;
    }

    /** The code points of {@code Printable.isUnsafe} that need more than one byte. */
    private static boolean isUnsafe(int codePoint) {
        return (codePoint >= 0x80 && codePoint <= 0x9F)
                || (codePoint >= 0x202A && codePoint <= 0x202E)
                || (codePoint >= 0x2066 && codePoint <= 0x2069)
                || codePoint == 0x2028 || codePoint == 0x2029;
    }
}
