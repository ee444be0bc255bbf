package org.netcatchat.server.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The history file as it lies on disk: whole pushed lines of valid UTF-8, nothing a terminal would obey. */
final class Transcript {
    /** {@code [2026-11-27 17:46:36][alice]:hello} or {@code [2026-11-27 17:46:36] alice has joined our chat...}. */
    static final Pattern PUSHED_LINE = Pattern.compile(
            "\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}](\\[[^\\[\\]\\s]+]:.+| \\S.*)");

    private Transcript() {
    }

    /** Asserts the file is intact and returns its lines. */
    static List<String> assertIntact(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > 0) {
            assertThat(bytes[bytes.length - 1]).as("%s ends with a whole line", file).isEqualTo((byte) '\n');
        }
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F) {
                fail("%s holds control byte 0x%02X at offset %d", file, b, i);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return fail("%s is not valid UTF-8: %s", file, e);
        }
        assertThat(text.chars().filter(c -> c >= 0x80 && c <= 0x9F)).as("C1 controls in %s", file).isEmpty();
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.substring(0, text.length() - 1).split("\n", -1));
        assertThat(lines).as("every line of %s is a pushed line", file).allMatch(line -> PUSHED_LINE.matcher(line).matches());
        return lines;
    }
}
