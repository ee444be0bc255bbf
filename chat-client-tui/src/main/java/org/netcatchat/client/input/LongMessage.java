package org.netcatchat.client.input;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.netcatchat.protocol.Wire;

/**
 * A message longer than the server takes on one line, cut into messages that each fit. The server refuses a
 * {@code text} line longer than {@code --max-line-bytes} (4,096 by default, without the line end) and drops
 * it; the client cannot ask a server for its limit, so it assumes the default.
 *
 * <p>Cuts fall between user-perceived characters (extended grapheme clusters, {@link BreakIterator}'s character
 * instance), so no UTF-8 sequence, surrogate pair, accent or emoji sequence is split; only a single cluster
 * longer than a whole part (thousands of combining marks) is cut between its code points. Each part is as long
 * as fits: nothing is added, nothing dropped, and the parts read back in order are the message.
 *
 * <p>Stateless and thread-safe.
 */
final class LongMessage {
    /** The most UTF-8 bytes a message may have: the default line limit less {@code "text "}. */
    static final int MAX_MESSAGE_BYTES = Wire.DEFAULT_MAX_LINE_BYTES - Wire.COMMAND_BYTES - 1;

    private LongMessage() {
    }

    /** {@code message} in parts of at most {@code maxBytes} UTF-8 bytes each; one part when it fits. */
    static List<String> split(String message, int maxBytes) {
        if (utf8Length(message, 0, message.length()) <= maxBytes) {
            return List.of(message);
        }
        BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
        clusters.setText(message);
        List<String> parts = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        int from = clusters.first();
        for (int to = clusters.next(); to != BreakIterator.DONE; from = to, to = clusters.next()) {
            int cluster = utf8Length(message, from, to);
            if (bytes + cluster <= maxBytes) {
                bytes += cluster;
                continue;
            }
            if (from > start) {
                parts.add(message.substring(start, from));
                start = from;
                bytes = 0;
            }
            if (cluster <= maxBytes) {
                bytes = cluster;
                continue;
            }
            // One cluster longer than a whole part: cut it between code points, the best left to do.
            int i = from;
            while (i < to) {
                int cp = message.codePointAt(i);
                int size = utf8Length(cp);
                if (bytes + size > maxBytes) {
                    parts.add(message.substring(start, i));
                    start = i;
                    bytes = 0;
                }
                bytes += size;
                i += Character.charCount(cp);
            }
        }
        if (start < message.length()) {
            parts.add(message.substring(start));
        }
        return List.copyOf(parts);
    }

    private static int utf8Length(String text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            bytes += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
