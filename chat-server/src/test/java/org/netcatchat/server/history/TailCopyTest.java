package org.netcatchat.server.history;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The last N lines of several files read as one: every boundary, a file without its last LF, empty and short files. */
class TailCopyTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} | hist {1}")
    @CsvSource(delimiter = ';', value = {
            // files separated by '|', '/' is an LF; lines wanted (0: all); what a client gets, '/' for LF
            "a/b/|c/d/|e/       ; 0 ; a/b/c/d/e/",
            "a/b/|c/d/|e/       ; 1 ; e/",
            "a/b/|c/d/|e/       ; 2 ; d/e/",
            "a/b/|c/d/|e/       ; 3 ; c/d/e/",
            "a/b/|c/d/|e/       ; 4 ; b/c/d/e/",
            "a/b/|c/d/|e/       ; 5 ; a/b/c/d/e/",
            "a/b/|c/d/|e/       ; 9 ; a/b/c/d/e/",
            "a/b/||c/           ; 2 ; b/c/",
            "a/b/|c/d/|         ; 1 ; d/",
            "a/no end|c/        ; 2 ; no end/c/",
            "a/no end|c/        ; 3 ; a/no end/c/",
            "a/no end|c/        ; 0 ; a/no end/c/",
            "/|/                ; 1 ; /",
            "/|/                ; 2 ; //",
            "||                 ; 3 ; ''",
    })
    void theLastLinesAcrossFilesAreTheLastLinesOfTheirConcatenation(String files, int lines, String expected) throws IOException {
        List<TailCopy.Part> parts = new ArrayList<>();
        int i = 0;
        for (String content : files.strip().split("\\|", -1)) {
            Path file = dir.resolve("f" + i++);
            Files.writeString(file, content.replace('/', '\n'));
            parts.add(new TailCopy.Part(FileChannel.open(file), Files.size(file)));
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long written = new TailCopy(parts).copy(lines == 0 ? Integer.MAX_VALUE : lines, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.replace('/', '\n'));
            assertThat(written).isEqualTo(out.size());
        } finally {
            for (TailCopy.Part part : parts) {
                part.file().close();
            }
        }
    }
}
