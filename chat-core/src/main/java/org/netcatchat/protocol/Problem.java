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
    /** Not a room name ({@code join dev}, {@code join#a b}). */
    INVALID_ROOM,
    /** A room command for a room the member is not in. */
    NOT_IN_ROOM,
    /** {@code join} of a room the member is in already. */
    ALREADY_IN_ROOM,
    /** {@code tell NAME} when nobody of that name is online. */
    NO_SUCH_PERSON,
    /** Too many rooms: for this member, or open on this server. */
    ROOM_LIMIT,
    /** The message WAS broadcast and appended, but forcing it to disk failed: sending it again would duplicate it. */
    NOT_DURABLE,
    /**
     * A cluster's Redis did not answer the append in time (stalled, or the connection broke mid-command): the
     * message may be in the stream, and delivered, or not; sending it again could post it twice.
     */
    NOT_CONFIRMED,
    /** A registered name (or an operator's) asked for without its password, or with a wrong one (issue 18). */
    NAME_REGISTERED,
    /** Too many wrong passwords from the address, or for the name: refused before any hash is computed. */
    TOO_MANY_GUESSES,
    /** An operator's command from someone who is not one, or against another operator. */
    NOT_ALLOWED,
    /** {@code text} or {@code tell} while an operator has muted the sender. */
    MUTED,
    /** A name or address an operator has banned for a while. */
    BANNED,
    /** Something this kind of server does not do (yet): accounts and moderation on a cluster. */
    NOT_SERVED;

    /** The metric label: {@code unknown_command}, {@code rate_limited}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
