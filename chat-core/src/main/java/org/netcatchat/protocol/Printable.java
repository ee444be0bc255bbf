package org.netcatchat.protocol;

/**
 * Keeps text from one client harmless on another client's terminal and in the history file.
 *
 * <p>Every control character (C0 but TAB, DEL, C1 — ESC above all, so no ANSI or OSC sequence survives),
 * the bidirectional overrides that can make a line read backwards, and the Unicode line separators
 * become U+FFFD. Replacing rather than deleting keeps visible that something was there.
 */
public final class Printable {
    public static final char REPLACEMENT = '\uFFFD';

    private Printable() {
    }

    public static String clean(String text) {
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(isUnsafe(c) ? REPLACEMENT : c);
        }
        return out.toString();
    }

    public static boolean isClean(String text) {
        return firstUnsafe(text) < 0;
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Every unsafe code point is in the Basic Multilingual Plane, so checking chars is enough. */
    static boolean isUnsafe(char c) {
        if (c < 0x20) {
            return c != '\t';
        }
        return (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029;
    }
}
