package org.netcatchat.server.cluster;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.netcatchat.server.history.HistoryFile;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream entry's {@code line}, whatever wrote it, becomes one clean line of a bounded length. */
class EntryLinesTest {
    private static final int MAX_LINE_BYTES = 64;
    private static final int LONGEST = (int) HistoryFile.longestLine(MAX_LINE_BYTES);
    private final EntryLines lines = new EntryLines(MAX_LINE_BYTES);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a line a node wrote passes as it is | [10:00:00][anna]:hi | [10:00:00][anna]:hi
            an LF would start a second line     | a\\nERR fake\\nLIST 1 x | a\uFFFDERR fake\uFFFDLIST 1 x
            a CR LF too                         | a\\r\\n[10:00:00][bob]:impostor | a\uFFFD\uFFFD[10:00:00][bob]:impostor
            a trailing LF is no empty line      | a\\n | a\uFFFD
            ESC and BEL as everywhere           | \\e]0;owned\\a bell | \uFFFD]0;owned\uFFFD bell
            """)
    void aFieldBecomesOneCleanLine(String what, String field, String line) {
        assertThat(text(lines.of(unescape(field)))).isEqualTo(line + "\n");
    }

    @Test
    void aLineLongerThanTheLongestTheServerWritesIsCutAtACharacterAndMarked() {
        byte[] cut = lines.of("é".repeat(LONGEST)); // two bytes each
        assertThat(cut.length).isLessThanOrEqualTo(LONGEST);
        assertThat(text(cut)).matches("(é)+…\n");
        assertThat(lines.of("x".repeat(2_000_000))).hasSizeLessThanOrEqualTo(LONGEST);
        assertThat(text(lines.of("x".repeat(LONGEST - 1)))).isEqualTo("x".repeat(LONGEST - 1) + "\n"); // fits
    }

    private static String unescape(String field) {
        return field.replace("\\n", "\n").replace("\\r", "\r").replace("\\e", "\u001b").replace("\\a", "\u0007");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
