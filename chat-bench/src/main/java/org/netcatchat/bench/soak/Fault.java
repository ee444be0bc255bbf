package org.netcatchat.bench.soak;

import java.util.Locale;

/** The kinds of misbehaviour a {@link Saboteur} repeats, each on its own connection. */
enum Fault {
    /**
     * Joins with a small receive buffer (sometimes asking for the whole history too), then reads nothing for
     * a while: the server's queue for it fills.
     */
    STALLED_READER,
    /** Connects, maybe sends half a frame or a name, then closes with SO_LINGER 0: a TCP reset. */
    RESET,
    /** Trickles a name one byte at a time, then stops, and closes. */
    SLOWLORIS,
    /** Sends a line several times the line limit; must be answered {@code ERR line too long}. */
    OVERSIZED_LINE,
    /** Sends random bytes (NUL, 0xFF, ESC, CR...) ended by LF, then {@code quit}. */
    GARBAGE,
    /** Joins, renames twice and leaves at once: churn in the room's registry and notices. */
    CHURN,
    /** Sends half an HTTP request to {@code /metrics}, then holds the socket for ten seconds. */
    STALLED_SCRAPER;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
