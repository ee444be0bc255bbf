package org.netcatchat.protocol;

import java.time.Duration;
import java.util.Optional;

/** Parses the operators' frames (issue 18): {@code kick}, {@code mute}, {@code unbn}. Stateless. */
final class Moderating {
    private static final String KICK_USAGE = "kick takes a name, then a ban time and a reason if you like: kick bob,"
            + " kick bob spamming, kick bob 2h spamming";
    private static final String MUTE_USAGE = "mute takes a name and a time: mute bob 10m (mute bob 0 lifts it)";
    /** A ban or a mute of ten years is for ever, in practice; the bound keeps every Instant sum in range. */
    static final Duration LONGEST = Duration.ofDays(3650);

    private Moderating() {
    }

    static Frame kick(String argument) {
        String[] parts = argument.split(" ", 3);
        if (parts[0].isEmpty()) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT, KICK_USAGE);
        }
        return named(parts[0], who -> {
            Optional<Duration> ban = parts.length > 1 ? DurationText.parseWithUnit(parts[1]) : Optional.empty();
            String reason = ban.isPresent() ? (parts.length > 2 ? parts[2] : "")
                    : argument.substring(parts[0].length()).strip();
            if (ban.isPresent() && (!ban.get().isPositive() || ban.get().compareTo(LONGEST) > 0)) {
                return new Frame.Malformed(Problem.BAD_ARGUMENT, "a ban lasts from 1s to 3650d");
            }
            return new Command.Kick(who, ban, Printable.clean(reason).strip());
        });
    }

    static Frame mute(String argument) {
        String[] parts = argument.split(" ", -1);
        if (parts.length != 2 || parts[0].isEmpty()) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT, MUTE_USAGE);
        }
        Optional<Duration> length = DurationText.parse(parts[1]);
        if (length.isEmpty() || length.get().compareTo(LONGEST) > 0) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT, MUTE_USAGE);
        }
        return named(parts[0], who -> new Command.Mute(who, length.get()));
    }

    static Frame unban(String argument) {
        if (argument.isBlank() || argument.indexOf(' ') >= 0 || !Printable.isClean(argument)) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT, "unbn takes one banned name or address, as bans lists them");
        }
        return new Command.Unban(argument);
    }

    private static Frame named(String typed, java.util.function.Function<ChatName, Frame> command) {
        return switch (ChatName.parse(typed)) {
            case ChatName.Result.Invalid invalid ->
                    new Frame.Malformed(Problem.INVALID_NAME, "invalid name: " + invalid.reason());
            case ChatName.Result.Valid(ChatName who) -> command.apply(who);
        };
    }
}
