package org.netcatchat.protocol;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A display name: 1–32 letters, digits, {@code _ - .} (Unicode letters welcome), already in NFKC form.
 *
 * <p>Nothing in a name may render as nothing: every {@link Invisible default-ignorable code point}
 * (variation selectors, the combining grapheme joiner, Hangul fillers, joiners, tags...) is refused, even
 * where Java calls it a letter or a combining mark. So {@code alice} followed by U+FE0F cannot pass for
 * {@code alice}, and no name renders blank: what remains is letters, digits, {@code _ - .}, and visible
 * combining marks after the first character ({@code Zoë} typed decomposed, Devanagari and Thai vowel signs).
 *
 * <p>Two names are the same person when their {@link #key()}s are equal: NFKC then case-folded, so
 * {@code alice}, {@code Alice} and {@code ａｌｉｃｅ} (fullwidth) cannot all join at once.
 */
public record ChatName(String display) {

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
            boolean allowed = Character.isLetter(cp) || Character.isDigit(cp)
                    || cp == '_' || cp == '-' || cp == '.' || (mark && i > 0);
            if (!allowed) {
                return Optional.of("a name may hold only letters, digits, _ - and . (not "
                        + describe(cp) + ")");
            }
        }
        return Optional.empty();
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
