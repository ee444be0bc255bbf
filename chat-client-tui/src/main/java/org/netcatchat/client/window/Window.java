package org.netcatchat.client.window;

import java.util.Objects;

/**
 * One window as the status line shows it: what it is, how many lines arrived while it was not in front, and
 * how many of those were mentions (a line naming the user, or any private line). Immutable.
 */
public record Window(WindowName name, int unread, int mentions) {
    public Window {
        Objects.requireNonNull(name, "name");
        if (unread < 0 || mentions < 0 || mentions > unread) {
            throw new IllegalArgumentException("unread " + unread + ", mentions " + mentions);
        }
    }

    static Window opened(WindowName name) {
        return new Window(name, 0, 0);
    }

    /** A line arrived while this window was not in front. */
    Window arrived(boolean mention) {
        return new Window(name, unread + 1, mentions + (mention ? 1 : 0));
    }

    /** Put in front: everything in it is read. */
    Window read() {
        return new Window(name, 0, 0);
    }
}
