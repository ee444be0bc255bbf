package org.netcatchat.client.window;

import java.util.Locale;
import java.util.regex.Pattern;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;

/**
 * Whether a line calls for the user's attention: any private line someone else sent, or a message by someone
 * else that names the user as a word ("alice:", "@alice", "hi Alice" for alice; not "malice"). Notices never
 * do. Stateless.
 */
public final class Mention {
    private Mention() {
    }

    /** Whether {@code line} calls for the attention of a user named {@code me}. */
    public static boolean of(PushedLine line, ChatName me) {
        return switch (line) {
            case PushedLine.Private message -> !same(message.sender(), me);
            case PushedLine.Message message -> !same(message.sender(), me) && names(message.text(), me);
            case PushedLine.RoomMessage message -> !same(message.sender(), me) && names(message.text(), me);
            case PushedLine.Notice notice -> false;
            case PushedLine.RoomNotice notice -> false;
        };
    }

    private static boolean same(String name, ChatName me) {
        return name.toLowerCase(Locale.ROOT).equals(me.display().toLowerCase(Locale.ROOT))
                || ChatName.parse(name) instanceof ChatName.Result.Valid valid && valid.name().key().equals(me.key());
    }

    /** Name characters are letters, digits, {@code _ - .}: the name is a word when none of those touch it. */
    private static boolean names(String text, ChatName me) {
        Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}\\p{M}_.-])" + Pattern.quote(me.display()) + "(?![\\p{L}\\p{N}\\p{M}_-])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return word.matcher(text).find();
    }
}
