package org.netcatchat.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Turns a {@link Command} into the line a client sends, in its canonical form: the 4-byte command,
 * one space before an argument, then LF. {@link FrameParser#parse} reads it back as the same command.
 *
 * <p>The space matters: the server drops exactly one space after the command, so a message that starts
 * with spaces keeps them. Commands validate themselves, so an argument never holds a line end.
 */
public final class CommandEncoder {

    private CommandEncoder() {
    }

    public static byte[] encode(Command command) {
        String line = switch (command) {
            case Command.Name name -> "name " + name.name().display()
                    + name.password().map(password -> " " + password.text()).orElse("");
            case Command.Pass pass -> "pass " + pass.password().text();
            case Command.Kick kick -> "kick " + kick.who().display()
                    + kick.ban().map(ban -> " " + ban.toSeconds() + "s").orElse("")
                    + (kick.reason().isEmpty() ? "" : " " + kick.reason());
            case Command.Mute mute -> "mute " + mute.who().display() + " " + mute.length().toSeconds() + "s";
            case Command.Bans bans -> "bans";
            case Command.Unban unban -> "unbn " + unban.target();
            case Command.Text text -> "text " + text.message();
            case Command.Hist hist -> hist.lastLines().isPresent() ? "hist " + hist.lastLines().getAsInt() : "hist";
            case Command.List list -> "list";
            case Command.Quit quit -> "quit";
            case Command.Join join -> "join" + join.room();
            case Command.Part part -> "part" + part.room();
            case Command.TellRoom tell -> "tell" + tell.room() + " " + tell.message();
            case Command.TellPerson tell -> "tell " + tell.to().display() + " " + tell.message();
            case Command.Rooms rooms -> "room";
            case Command.RoomList list -> "list" + list.room();
            case Command.RoomHist hist -> "hist" + hist.room()
                    + (hist.lastLines().isPresent() ? " " + hist.lastLines().getAsInt() : "");
        };
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
