package org.netcatchat.client.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Roster;

/**
 * Who is online, as far as this client can tell: set from each {@code LIST} reply, then kept up to date from
 * the notices (joined, left, renamed, dropped) and the senders of messages. For name completion. A big room's
 * {@code LIST} names only some of its members; the others are learnt as they speak or come and go.
 *
 * <p>Thread-safe: written by a reader thread, read by the input thread (Tab).
 */
public final class Presence {
    private static final Pattern JOINED = Pattern.compile("(\\S+) has joined our chat\\.\\.\\.");
    private static final Pattern LEFT = Pattern.compile("(\\S+) (?:has left our chat|was disconnected: too slow to keep up|was removed by .*)\\.\\.\\.");
    private static final Pattern RENAMED = Pattern.compile("(\\S+) is now known as (\\S+)\\.\\.\\.");

    /**
     * Names are learnt from what the server sends, so they are bounded like every buffer it can fill: past this
     * many (far more than Tab can usefully offer), new ones are not learnt until some leave.
     */
    static final int MAX_NAMES = 10_000;

    /** Display name by name key ("Alice" and "alice" are one person). */
    private final Map<String, String> names = new ConcurrentSkipListMap<>();
    /** Open once the first join's names are in (or the join completed without them). */
    private final CountDownLatch known = new CountDownLatch(1);

    /**
     * The names online, sorted ignoring case; right after joining, once they are known. The chat prompt appears
     * as soon as the server accepts the name, but who is online comes a moment later, with the answer to the
     * {@code list} sent then: a Tab pressed in between waits for it, at most {@code patience} (a server that
     * never answers must not freeze the input line), rather than complete nothing. The wait holds the line
     * reader's lock (JLine completes under it), so the join must settle this before it prints anything.
     */
    public List<String> names(Duration patience) {
        try {
            known.await(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Ctrl+C or the session's end: JLine and the session see it
        }
        return names();
    }

    /** The names online now, sorted ignoring case. */
    public List<String> names() {
        return names.values().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /** The join is complete, with or without a {@code list} answer: nothing more to wait for. */
    void settled() {
        known.countDown();
    }

    void listed(Roster roster) {
        if (roster.unlisted() == 0) {
            names.clear();
        }
        roster.names().forEach(this::add);
    }

    void saw(PushedLine line) {
        switch (line) {
            case PushedLine.Message message -> add(message.sender());
            case PushedLine.Notice notice -> notice(notice.text());
            case PushedLine.RoomMessage message -> add(message.sender());
            case PushedLine.Private message -> add(message.sender());
            case PushedLine.RoomNotice notice -> {
                // who is online is the lobby's to say: everyone with a name is in it
            }
        }
    }

    private void notice(String text) {
        Matcher m;
        if ((m = JOINED.matcher(text)).matches()) {
            add(m.group(1));
        } else if ((m = LEFT.matcher(text)).matches()) {
            key(m.group(1)).ifPresent(names::remove);
        } else if ((m = RENAMED.matcher(text)).matches()) {
            key(m.group(1)).ifPresent(names::remove);
            add(m.group(2));
        }
    }

    private void add(String name) {
        key(name).ifPresent(key -> {
            if (names.size() < MAX_NAMES || names.containsKey(key)) {
                names.put(key, name);
            }
        });
    }

    private static Optional<String> key(String name) {
        return switch (ChatName.parse(name)) {
            case ChatName.Result.Valid valid -> Optional.of(valid.name().key());
            case ChatName.Result.Invalid invalid -> Optional.empty();
        };
    }
}
