package org.netcatchat.server.cluster;

import org.netcatchat.server.history.CleanLines;
import org.netcatchat.server.history.HistoryFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What one stream entry's {@code line} field becomes for a client, live, in a join replay and in {@code hist}:
 * exactly one pushed line, whatever wrote it. An LF inside the field would start a second line (one that looks
 * like {@code ERR ...}, {@code LIST ...} or another member's message), so it becomes U+FFFD, as every other
 * control character does under {@link CleanLines}; and the line is cut to the longest one this server writes
 * itself under {@code --max-line-bytes} ({@link HistoryFile#longestLine}, the bound of the local history's
 * lines too), ending with "…", so one entry of megabytes reaches nobody's queue whole. Lines the nodes wrote
 * pass unchanged. Immutable, thread-safe.
 */
final class EntryLines {
    private static final byte[] CUT = "…\n".getBytes(StandardCharsets.UTF_8);

    /** The most bytes of one line, its LF included. */
    private final int longest;

    EntryLines(int maxLineBytes) {
        this.longest = (int) Math.min(Integer.MAX_VALUE - 16, HistoryFile.longestLine(maxLineBytes));
    }

    /** The field's text as one clean line, ending with LF, of at most the longest line's bytes. */
    byte[] of(String text) {
        // Every character becomes at least one byte: past `longest` of them nothing would be kept.
        String kept = text.length() > longest ? text.substring(0, longest) : text;
        byte[] raw = (kept.replace('\n', '\uFFFD') + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length, longest) + 16);
        try {
            CleanLines clean = new CleanLines(out);
            clean.write(raw, 0, raw.length);
            clean.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        byte[] line = out.toByteArray();
        return line.length <= longest ? line : cut(line);
    }

    /** The same clean, bounded line as text, without its LF: an order from another node's channel. */
    String text(String text) {
        byte[] line = of(text);
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    /** The line's first bytes that leave room for "…" and LF, ending at a character's boundary. */
    private byte[] cut(byte[] line) {
        int end = longest - CUT.length;
        while (end > 0 && (line[end] & 0xC0) == 0x80) { // a continuation byte: the character started earlier
            end--;
        }
        byte[] cut = new byte[end + CUT.length];
        System.arraycopy(line, 0, cut, 0, end);
        System.arraycopy(CUT, 0, cut, end, CUT.length);
        return cut;
    }
}
