package org.netcatchat.protocol;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A display name: 1–32 letters, digits, {@code _ - .} (Unicode letters welcome), already in NFKC form.
 *
 * <p>Nothing in a name may render as nothing: every {@link Invisible default-ignorable code point}
 * (variation selectors, the combining grapheme joiner, Hangul fillers, joiners, tags...) is refused, even
 * where Java calls it a letter or a combining mark. So {@code alice} followed by U+FE0F cannot pass for
 * {@code alice}, and no name renders blank: what remains is letters, digits, {@code _ - .}, and visible
 * combining marks on a letter of their own script ({@code Zoë} typed decomposed, Devanagari and Thai vowel signs).
 *
 * <p>Nor may a combining mark stand where it has nothing to render on: a mark must follow a letter or digit
 * of its own script, or be a mark of no script of its own (Inherited, like U+0301), and the few marks that
 * render as nothing anyway (the Khitan filler U+16FE4) are refused outright; see {@code problemWithMark}.
 *
 * <p>Two names are the same person when their {@link #key()}s are equal: NFKC then case-folded, so
 * {@code alice}, {@code Alice} and {@code ａｌｉｃｅ} (fullwidth) cannot all join at once.
 */
public record ChatName(String display) {
    /**
     * Marks that render as nothing wherever they stand but are not Default_Ignorable (so {@link Invisible}
     * does not list them): the Khitan Small Script filler U+16FE4.
     */
    private static final Set<Integer> BLANK_MARKS = java.util.Set.of(0x16FE4);


    public ChatName {
        Objects.requireNonNull(display, "display");
        Optional<String> problem = problemWith(display);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (!Normalizer.isNormalized(display, Normalizer.Form.NFKC)) {
            throw new IllegalArgumentException("name is not in NFKC form");
        }
    }

    /** What a person typed, normalised; a reason when it cannot be a name. */
    public static Result parse(String typed) {
        String normal = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        Optional<String> problem = problemWith(normal);
        return problem.<Result>map(Result.Invalid::new).orElseGet(() -> new Result.Valid(new ChatName(normal)));
    }

    /**
     * The identity used for uniqueness: case-insensitive, width-insensitive, and blind to what renders as
     * nothing. Upper then lower case is a cheap full case fold: it also makes "ß" and "ss", "ς" and "σ" the
     * same name. Default-ignorable code points are already refused in a name; the key drops them as well,
     * so that the comparison stays a "what you see" skeleton even if the name rule is ever loosened.
     */
    public String key() {
        String folded = display.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Invisible.strip(Normalizer.normalize(folded, Normalizer.Form.NFKC));
    }

    @Override
    public String toString() {
        return display;
    }

    /** The outcome of {@link #parse}: a name, or why not. */
    public sealed interface Result {
        record Valid(ChatName name) implements Result {
        }

        record Invalid(String reason) implements Result {
        }
    }

    private static Optional<String> problemWith(String candidate) {
        if (candidate.isEmpty()) {
            return Optional.of("a name needs at least one character");
        }
        int count = candidate.codePointCount(0, candidate.length());
        if (count > Wire.MAX_NAME_CHARACTERS) {
            return Optional.of("a name has at most " + Wire.MAX_NAME_CHARACTERS + " characters");
        }
        int[] codePoints = candidate.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            int cp = codePoints[i];
            if (Invisible.isDefaultIgnorable(cp)) {
                return Optional.of("a name may not hold invisible characters (not " + describe(cp) + ")");
            }
            boolean mark = Character.getType(cp) == Character.NON_SPACING_MARK
                    || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
            if (mark && i > 0) {
                Optional<String> markProblem = problemWithMark(codePoints, i);
                if (markProblem.isPresent()) {
                    return markProblem;
                }
                continue;
            }
            boolean allowed = Character.isLetter(cp) || Character.isDigit(cp) || cp == '_' || cp == '-' || cp == '.';
            if (!allowed) {
                return Optional.of("a name may hold only letters, digits, _ - and . (not "
                        + describe(cp) + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * A combining mark at {@code i > 0} must have something to render on: its base (the nearest code point
     * before it that is not a mark) is a letter or a digit, and the mark belongs to the base's script, or to
     * none (Inherited or Common: the accents of {@code José} typed decomposed, U+0301, go on any letter). A mark
     * of another script has no base to render on and renders as nothing or as a dotted circle, so it cannot
     * pass for an addition to {@code alice}: {@code alice} + U+16FE4 (a Khitan filler, a mark that is not
     * Default_Ignorable) is refused this way. Devanagari and Thai vowel signs stay fine after their own letters.
     * The fillers in {@link #BLANK_MARKS} render as nothing even after a base of their own script.
     */
    private static Optional<String> problemWithMark(int[] codePoints, int i) {
        int mark = codePoints[i];
        if (BLANK_MARKS.contains(mark)) {
            return Optional.of("a name may not hold invisible characters (not " + codePoint(mark) + ")");
        }
        int b = i - 1;
        while (b > 0 && isMark(codePoints[b])) {
            b--;
        }
        int base = codePoints[b];
        Character.UnicodeScript markScript = Character.UnicodeScript.of(mark);
        boolean onALetter = Character.isLetter(base) || Character.isDigit(base);
        boolean sameScript = markScript == Character.UnicodeScript.INHERITED
                || markScript == Character.UnicodeScript.COMMON
                || markScript == Character.UnicodeScript.of(base);
        if (!onALetter || !sameScript) {
            return Optional.of("a combining mark must follow a letter of its own script (not " + codePoint(mark)
                    + " after " + describe(base) + ")");
        }
        return Optional.empty();
    }

    /** {@code U+0301}: a mark alone in quotes would render on the quote. */
    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static String describe(int cp) {
        if (cp == ' ') {
            return "a space";
        }
        if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                || Invisible.isDefaultIgnorable(cp)
                || cp == Printable.REPLACEMENT || (Character.isBmpCodePoint(cp) && Printable.isUnsafe((char) cp))) {
            return String.format("U+%04X", cp);
        }
        return "'" + Character.toString(cp) + "'";
    }
}
