package org.netcatchat.client.window;

import java.util.ArrayList;
import java.util.List;

/**
 * The status line's text: each window as its number and name, the one in front in brackets, the others with
 * their unread count and, after a {@code !}, their mentions:
 * <pre>{@code [1 #lobby]  2 #dev (3)  3 bob (1!1)}</pre>
 * A window with nothing unread shows no count. Pure and stateless; the terminal styles the segments
 * ({@link Segment#front}, {@link Segment#mentioned}).
 */
public final class StatusLine {
    private StatusLine() {
    }

    /** One window's part of the line. */
    public record Segment(String text, boolean front, boolean mentioned) {
    }

    public static List<Segment> segments(Windows.Snapshot snapshot) {
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < snapshot.windows().size(); i++) {
            Window window = snapshot.windows().get(i);
            String label = (i + 1) + " " + window.name().label();
            if (i == snapshot.front()) {
                segments.add(new Segment("[" + label + "]", true, false));
            } else if (window.unread() == 0) {
                segments.add(new Segment(label, false, false));
            } else {
                String counts = window.mentions() == 0 ? "" + window.unread()
                        : window.unread() + "!" + window.mentions();
                segments.add(new Segment(label + " (" + counts + ")", false, window.mentions() > 0));
            }
        }
        return List.copyOf(segments);
    }

    /** The plain text: the segments two spaces apart. */
    public static String text(Windows.Snapshot snapshot) {
        return String.join("  ", segments(snapshot).stream().map(Segment::text).toList());
    }
}
