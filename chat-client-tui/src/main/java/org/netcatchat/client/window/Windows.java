package org.netcatchat.client.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;

/**
 * The open windows, numbered from 1 in the order they opened, and which one is in front. Window 1 is the lobby;
 * it is always open. Closing a window renumbers the ones after it (as irssi and weechat do), so the numbers on
 * the status line are always 1..n with no holes.
 *
 * <p>Thread-safe: lines arrive on a connection's reader thread, keys and commands on the input thread. Every
 * method takes the monitor of this object, briefly; nothing is called while holding it.
 */
public final class Windows {
    /** Guarded by this. Index 0 is the lobby. */
    private final List<Window> open = new ArrayList<>(List.of(Window.opened(new WindowName.Lobby())));
    /** Index into {@link #open}. Guarded by this. */
    private int front;

    /** The window in front: where typed lines go. */
    public synchronized WindowName front() {
        return open.get(front).name();
    }

    /** The windows, in order, and which is in front (its index): what the status line shows. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(open), front);
    }

    /** The rooms open (the lobby not counted), in window order: what a reconnect rejoins. */
    public synchronized List<RoomName> rooms() {
        return open.stream().map(Window::name)
                .flatMap(name -> name instanceof WindowName.Room room ? java.util.stream.Stream.of(room.room())
                        : java.util.stream.Stream.empty())
                .toList();
    }

    /** Opens {@code name}'s window unless it is open; {@code toFront}: and puts it in front. */
    public synchronized void open(WindowName name, boolean toFront) {
        int index = indexOf(name).orElseGet(() -> {
            open.add(Window.opened(name));
            return open.size() - 1;
        });
        if (toFront) {
            bringToFront(index);
        }
    }

    /**
     * Closes {@code name}'s window; the one before it comes to front if it was in front.
     *
     * @return false when it was not open, or is the lobby (which never closes)
     */
    public synchronized boolean close(WindowName name) {
        Optional<Integer> index = indexOf(name);
        if (index.isEmpty() || index.get() == 0) {
            return false;
        }
        open.remove((int) index.get());
        if (front == index.get()) {
            bringToFront(index.get() - 1);
        } else if (front > index.get()) {
            front--;
        }
        return true;
    }

    /** Window {@code number} (1 is the lobby) to front. @return false when there is no such window */
    public synchronized boolean select(int number) {
        if (number < 1 || number > open.size()) {
            return false;
        }
        bringToFront(number - 1);
        return true;
    }

    /** The next window to front, the first after the last. */
    public synchronized void next() {
        bringToFront((front + 1) % open.size());
    }

    /** The previous window to front, the last before the first. */
    public synchronized void previous() {
        bringToFront((front + open.size() - 1) % open.size());
    }

    /**
     * A pushed line arrived for a user named {@code me}: a private line from someone new opens its window, without
     * putting it in front; a room's line goes to its window, which its join opened (one whose window is closed
     * goes to the lobby's: the server sends none, but one that did must not reopen a room the user left). The line
     * counts as unread (and perhaps a mention) unless its window is in front.
     *
     * @return the window it belongs in
     */
    public synchronized WindowName arrived(PushedLine line, ChatName me) {
        WindowName name = WindowName.of(line, me);
        if (name instanceof WindowName.Conversation) {
            open(name, false);
        } else if (indexOf(name).isEmpty()) {
            name = new WindowName.Lobby();
        }
        int index = indexOf(name).orElseThrow();
        if (index != front) {
            open.set(index, open.get(index).arrived(Mention.of(line, me)));
        }
        return name;
    }

    private void bringToFront(int index) {
        front = index;
        open.set(index, open.get(index).read());
    }

    private Optional<Integer> indexOf(WindowName name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The windows at one moment, and the index of the one in front. */
    public record Snapshot(List<Window> windows, int front) {
        public Snapshot {
            windows = List.copyOf(windows);
            if (front < 0 || front >= windows.size()) {
                throw new IllegalArgumentException("front " + front + " of " + windows.size());
            }
        }
    }
}
