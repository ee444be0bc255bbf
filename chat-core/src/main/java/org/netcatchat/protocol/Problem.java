package org.netcatchat.protocol;

import java.util.Locale;

/** Why a command failed. Each is one {@code ERR} reply and one label of the rejected-frames metric. */
public enum Problem {
    UNKNOWN_COMMAND,
    NOT_JOINED,
    EMPTY_MESSAGE,
    INVALID_NAME,
    NAME_TAKEN,
    LINE_TOO_LONG,
    BAD_ARGUMENT,
    RATE_LIMITED,
    HISTORY_UNAVAILABLE,
    SHUTTING_DOWN,
    /** The message WAS broadcast and appended, but forcing it to disk failed: sending it again would duplicate it. */
    NOT_DURABLE;

    /** The metric label: {@code unknown_command}, {@code rate_limited}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
