package org.netcatchat.client.render;

import java.util.List;
import java.util.Optional;
import org.jline.utils.AttributedStyle;

/**
 * The styles of the chat screen. With colour: a stable colour per name, red errors, yellow notices.
 * Without colour (no colour support, {@code NO_COLOR}, {@code --no-color}) only bold, faint, italic and
 * underline remain, which NO_COLOR allows, and every line still reads right as plain text.
 */
public record Theme(boolean colour) {
    /**
     * Name colours: readable on dark and light backgrounds, and none of them the colour of errors (red),
     * notices (yellow) or the client's own notes (cyan).
     */
    static final List<Integer> NAME_COLOURS = List.of(
            AttributedStyle.GREEN,
            AttributedStyle.BLUE,
            AttributedStyle.MAGENTA,
            AttributedStyle.BRIGHT + AttributedStyle.GREEN,
            AttributedStyle.BRIGHT + AttributedStyle.YELLOW,
            AttributedStyle.BRIGHT + AttributedStyle.BLUE,
            AttributedStyle.BRIGHT + AttributedStyle.MAGENTA,
            AttributedStyle.BRIGHT + AttributedStyle.CYAN);

    /** Fewer than 8 colours is a terminal without colour for our purposes. */
    static final int MIN_COLOURS = 8;

    /**
     * Colour unless the user said no ({@code --no-color}, or {@code NO_COLOR} set to anything but the empty
     * string, as no-color.org says) or the terminal has fewer than 8 colours.
     */
    public static Theme choose(boolean noColorOption, Optional<String> noColorEnvironment, int terminalColours) {
        boolean refused = noColorOption || noColorEnvironment.filter(v -> !v.isEmpty()).isPresent();
        return new Theme(!refused && terminalColours >= MIN_COLOURS);
    }

    public static Theme plain() {
        return new Theme(false);
    }

    AttributedStyle time() {
        return AttributedStyle.DEFAULT.faint();
    }

    /** Another person's name: bold, in the colour its key hashes to, the same in every session. */
    AttributedStyle name(String key) {
        AttributedStyle bold = AttributedStyle.BOLD;
        return colour ? bold.foreground(nameColour(key)) : bold;
    }

    /** The user's own name: its usual colour, underlined, so own lines stand out even without colour. */
    AttributedStyle ownName(String key) {
        return name(key).underline();
    }

    AttributedStyle text() {
        return AttributedStyle.DEFAULT;
    }

    AttributedStyle ownText() {
        return AttributedStyle.BOLD;
    }

    /** A message that mentions the user: reverse video, which needs no colour. */
    AttributedStyle mention() {
        return AttributedStyle.BOLD.inverse();
    }

    AttributedStyle notice() {
        AttributedStyle italic = AttributedStyle.DEFAULT.italic();
        return colour ? italic.foreground(AttributedStyle.YELLOW) : italic;
    }

    AttributedStyle error() {
        return colour ? AttributedStyle.BOLD.foreground(AttributedStyle.RED) : AttributedStyle.BOLD;
    }

    AttributedStyle info() {
        return colour ? AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN) : AttributedStyle.DEFAULT;
    }

    AttributedStyle greeting() {
        return AttributedStyle.BOLD;
    }

    AttributedStyle prompt() {
        return AttributedStyle.BOLD;
    }

    static int nameColour(String key) {
        return NAME_COLOURS.get(Math.floorMod(key.hashCode(), NAME_COLOURS.size()));
    }
}
