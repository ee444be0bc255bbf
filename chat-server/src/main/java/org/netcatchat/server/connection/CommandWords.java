package org.netcatchat.server.connection;

import org.netcatchat.protocol.Command;

/** The four letters of an operator's command, for the replies that name it. */
final class CommandWords {
    private CommandWords() {
    }

    static String of(Command.Moderation command) {
        return switch (command) {
            case Command.Kick kick -> "kick";
            case Command.Mute mute -> "mute";
            case Command.Bans bans -> "list bans";
            case Command.Unban unban -> "lift bans";
        };
    }
}
