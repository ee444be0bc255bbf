package org.netcatchat.protocol;

/**
 * The code points that render as nothing: Unicode's {@code Default_Ignorable_Code_Point} property.
 *
 * <p>Java has no predicate for this property, so the ranges below are copied from Unicode's
 * {@code DerivedCoreProperties.txt} (checked code point by code point against Perl's Unicode 14.0
 * {@code \p{Default_Ignorable_Code_Point}}: 4,174 code points; a later Unicode may add some). They include joiners and zero-width spaces, variation
 * selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), the combining grapheme joiner U+034F, the Khmer inherent
 * vowels U+17B4/U+17B5, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0 (which Java calls letters),
 * tags, the soft hyphen, and unassigned code points reserved as ignorable. A renderer that does not
 * know one of these draws nothing, so a name holding one looks like the name without it.
 *
 * <p>Stateless and thread-safe.
 */
final class Invisible {
    /** Inclusive ranges {first, last}, sorted. */
    private static final int[][] DEFAULT_IGNORABLE = {
            {0x00AD, 0x00AD}, // SOFT HYPHEN
            {0x034F, 0x034F}, // COMBINING GRAPHEME JOINER
            {0x061C, 0x061C}, // ARABIC LETTER MARK
            {0x115F, 0x1160}, // HANGUL CHOSEONG FILLER, HANGUL JUNGSEONG FILLER
            {0x17B4, 0x17B5}, // KHMER VOWEL INHERENT AQ, AA
            {0x180B, 0x180F}, // MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
            {0x200B, 0x200F}, // ZERO WIDTH SPACE .. RIGHT-TO-LEFT MARK
            {0x202A, 0x202E}, // bidirectional embeddings and overrides
            {0x2060, 0x206F}, // WORD JOINER .. NOMINAL DIGIT SHAPES (isolates, invisible operators)
            {0x3164, 0x3164}, // HANGUL FILLER
            {0xFE00, 0xFE0F}, // VARIATION SELECTOR-1 .. 16
            {0xFEFF, 0xFEFF}, // ZERO WIDTH NO-BREAK SPACE (byte order mark)
            {0xFFA0, 0xFFA0}, // HALFWIDTH HANGUL FILLER
            {0xFFF0, 0xFFF8}, // reserved
            {0x1BCA0, 0x1BCA3}, // SHORTHAND FORMAT CONTROLS
            {0x1D173, 0x1D17A}, // MUSICAL SYMBOL BEGIN BEAM .. END PHRASE
            {0xE0000, 0xE0FFF}, // tags, VARIATION SELECTOR-17 .. 256, reserved
    };

    private Invisible() {
    }

    static boolean isDefaultIgnorable(int codePoint) {
        for (int[] range : DEFAULT_IGNORABLE) {
            if (codePoint < range[0]) {
                return false;
            }
            if (codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** The text without its default-ignorable code points: what a reader actually sees. */
    static String strip(String text) {
        if (text.codePoints().noneMatch(Invisible::isDefaultIgnorable)) {
            return text;
        }
        StringBuilder seen = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !isDefaultIgnorable(cp)).forEach(seen::appendCodePoint);
        return seen.toString();
    }
}
