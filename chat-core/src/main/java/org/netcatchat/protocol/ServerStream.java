package org.netcatchat.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The client side of the wire: turns the server's bytes into lines and reply ends.
 * Not thread-safe: one per connection, fed by the one thread that reads the socket.
 */
public final class ServerStream {
    /** Server lines are bounded by the server's max line plus a time stamp and a name; this is generous. */
    private static final int MAX_LINE_BYTES = 1 << 20;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    /** The last line was cut at {@link #MAX_LINE_BYTES}: an LF right after it ends nothing new. */
    private boolean justSplit;

    /** What the server sent: a whole line (without LF), or the end of a reply (0x00). */
    public sealed interface Event permits Line, EndOfReply {
    }

    public record Line(String text) implements Event {
        public boolean isError() {
            return text.startsWith(Wire.ERROR_PREFIX);
        }

        /** The reason of an {@code ERR} line. */
        public String errorReason() {
            return isError() ? text.substring(Wire.ERROR_PREFIX.length()) : "";
        }
    }

    public record EndOfReply() implements Event {
    }

    private static final EndOfReply END_OF_REPLY = new EndOfReply();

    public void feed(byte[] bytes, int offset, int count, Consumer<? super Event> events) {
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            if (b == Wire.LF) {
                if (line.size() == 0 && justSplit) {
                    justSplit = false; // the LF of a line already handed out in pieces
                    continue;
                }
                events.accept(new Line(takeLine()));
            } else if (b == Wire.END_OF_REPLY) {
                justSplit = false;
                if (line.size() > 0) {
                    events.accept(new Line(takeLine()));
                }
                events.accept(END_OF_REPLY);
            } else {
                line.write(b);
                justSplit = false;
                if (line.size() >= MAX_LINE_BYTES) {
                    events.accept(new Line(takeLine()));
                    justSplit = true;
                }
            }
        }
    }

    private String takeLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
