package org.netcatchat.protocol;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;

/**
 * A password as a client typed it, normalised to NFC (so the same password typed on two systems is the same bytes).
 * Its {@link #toString} never shows it: a record's own would put it in any log line or message that prints the
 * command holding it.
 *
 * @param text at least {@link Wire#MIN_PASSWORD_CHARACTERS} and at most {@link Wire#MAX_PASSWORD_CHARACTERS}
 *             characters, without control characters
 */
public record Password(String text) {
    public Password {
        Objects.requireNonNull(text, "text");
        text = Normalizer.normalize(text, Normalizer.Form.NFC);
        int count = text.codePointCount(0, text.length());
        if (count < Wire.MIN_PASSWORD_CHARACTERS || count > Wire.MAX_PASSWORD_CHARACTERS) {
            throw new IllegalArgumentException("a password has " + Wire.MIN_PASSWORD_CHARACTERS + " to "
                    + Wire.MAX_PASSWORD_CHARACTERS + " characters");
        }
        if (!Printable.isClean(text) || text.indexOf(Printable.REPLACEMENT) >= 0) {
            throw new IllegalArgumentException("a password may not hold control characters or invalid UTF-8");
        }
    }

    /** What is hashed: the UTF-8 bytes of the NFC text. The caller should overwrite them once used. */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code typed} can be a password: the reason when not, in words that never quote it. */
    public static java.util.Optional<String> problemWith(String typed) {
        String normal = Normalizer.normalize(typed, Normalizer.Form.NFC);
        int count = normal.codePointCount(0, normal.length());
        if (count < Wire.MIN_PASSWORD_CHARACTERS) {
            return java.util.Optional.of("password too short: at least " + Wire.MIN_PASSWORD_CHARACTERS + " characters");
        }
        if (count > Wire.MAX_PASSWORD_CHARACTERS) {
            return java.util.Optional.of("password too long: at most " + Wire.MAX_PASSWORD_CHARACTERS + " characters");
        }
        if (!Printable.isClean(normal) || normal.indexOf(Printable.REPLACEMENT) >= 0) {
            return java.util.Optional.of("a password may not hold control characters or invalid UTF-8");
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "Password[***]";
    }
}
