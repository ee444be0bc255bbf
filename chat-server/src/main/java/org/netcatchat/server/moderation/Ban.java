package org.netcatchat.server.moderation;

import org.netcatchat.protocol.ChatName;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A name or an address refused until a time. One line of {@code bans.txt}:
 * {@code name bob 2026-12-07T20:00:00Z root spamming} or {@code address 192.0.2.1 2026-12-07T20:00:00Z root spamming}
 * (the reason, possibly empty, is the rest of the line).
 *
 * @param target a name as it was displayed, or an address key ({@code 192.0.2.1}, {@code 2001:db8:0:0:0:0:0:0/64})
 * @param key    what it is compared by: the name's key, or the address key itself
 */
public record Ban(Kind kind, String target, String key, Instant until, String by, String reason) {
    public enum Kind { NAME, ADDRESS }

    public Ban {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
        if (target.isEmpty() || target.indexOf(' ') >= 0 || key.isEmpty() || by.isEmpty() || by.indexOf(' ') >= 0
                || reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a ban names one target and one operator");
        }
    }

    /** Whether {@code typed} (an operator's {@code unbn} argument) names this ban's target. */
    public boolean isOf(String typed) {
        return kind == Kind.ADDRESS ? key.equals(typed) : keyOfName(typed).filter(key::equals).isPresent();
    }

    /** The key of a name as typed, if it is a valid name. */
    public static Optional<String> keyOfName(String typed) {
        return ChatName.parse(typed) instanceof ChatName.Result.Valid(ChatName name) ? Optional.of(name.key())
                : Optional.empty();
    }

    /** Its line in {@code bans.txt} (and its value in a cluster's Redis). */
    public String line() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + target + " " + until + " " + by
                + (reason.isEmpty() ? "" : " " + reason);
    }

    /** A line of the file; empty when it is none. */
    public static Optional<Ban> parse(String line) {
        String[] parts = line.split(" ", 5);
        if (parts.length < 4) {
            return Optional.empty();
        }
        try {
            Kind kind = Kind.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT));
            Optional<String> key = kind == Kind.NAME ? keyOfName(parts[1]) : Optional.of(parts[1]);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Ban(kind, parts[1], key.get(), Instant.parse(parts[2]), parts[3],
                    parts.length > 4 ? parts[4] : ""));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
