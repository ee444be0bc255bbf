package org.netcatchat.server.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real history file changed by someone else while it is open: a second owner, foreign appends, a
 * truncation ({@code logrotate copytruncate}), a deletion, a replacement, and foreign bytes that must not
 * reach a client. Issue 8, defects 5, 9 and 10.
 */
class HistoryFileChangesTest {
    @TempDir
    Path dir;

    @Test
    void aSecondOpenOfTheSameFileIsRefusedNamingTheFileAndThisProcess() throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile first = HistoryFile.open(path, FsyncPolicy.NEVER)) {
            first.append(bytes("one\n"));
            assertThatThrownBy(() -> HistoryFile.open(path, FsyncPolicy.NEVER).close())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            first.append(bytes("two\n"));
        }
        assertThat(Files.readString(path)).isEqualTo("one\ntwo\n");
        try (HistoryFile again = HistoryFile.open(path, FsyncPolicy.NEVER)) {
            assertThat(again.size()).as("closing released the file").isEqualTo(8);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a whole foreign line                   | foreign<LF> | one<LF>foreign<LF>two<LF>
            a foreign fragment without its line end | frag        | one<LF>frag<LF>two<LF>
            """)
    void aLineAppendedBySomeoneElseIsNeverOverwritten(String what, String foreign, String expected) throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.BATCH)) {
            history.append(bytes("one\n"));
            Files.write(path, bytes(lf(foreign)), StandardOpenOption.APPEND);
            long end = history.append(bytes("two\n"));
            history.syncTo(end);
            assertThat(Files.readString(path)).isEqualTo(lf(expected));
            assertThat(end).isEqualTo(history.size()).isEqualTo(Files.size(path));
        }
    }

    @Test
    void truncatedUnderTheServerTheNextLineStartsTheFileWithoutNulBytes() throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.BATCH)) {
            for (int i = 0; i < 100; i++) {
                history.append(bytes("line " + i + "\n"));
            }
            truncate(path, 0); // what logrotate's copytruncate does
            long end = history.append(bytes("after\n"));
            history.syncTo(end);
            assertThat(Files.readString(path)).isEqualTo("after\n");
            assertThat(tail(history, history.size(), 5)).isEqualTo("after\n");
        }
    }

    @Test
    void aSliceTakenBeforeATruncationEndsCleanlyWithFewerLines() throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.NEVER)) {
            for (int i = 0; i < 100; i++) {
                history.append(bytes("line " + i + "\n"));
            }
            long before = history.size();
            truncate(path, 0);
            assertThat(tail(history, before, 2)).isEmpty();
            assertThat(tail(history, before, Integer.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void aSliceOverAFileCutMidLineEndsWithAWholeLine() throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.NEVER)) {
            history.append(bytes("one\n"));
            history.append(bytes("two\n"));
            long before = history.size();
            truncate(path, 6); // "one\ntw"
            assertThat(tail(history, before, Integer.MAX_VALUE)).isEqualTo("one\ntw\n");
        }
    }

    @Test
    void deletedUnderTheServerTheNextLineIsInANewFileAtThePath() throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.ALWAYS)) {
            history.append(bytes("one\n"));
            Files.delete(path);
            history.append(bytes("two\n"));
            assertThat(Files.readString(path)).isEqualTo("two\n");
            assertThat(tail(history, history.size(), 9)).isEqualTo("two\n");
        }
    }

    @Test
    void replacedUnderTheServerTheNextLineGoesToTheFileThePathNames() throws IOException {
        Path path = dir.resolve("h.txt");
        Path rotated = dir.resolve("h.txt.1");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.BATCH)) {
            history.append(bytes("one\n"));
            Files.move(path, rotated);
            Files.writeString(path, "other\n");
            long end = history.append(bytes("two\n"));
            history.syncTo(end);
            assertThat(Files.readString(path)).isEqualTo("other\ntwo\n");
            assertThat(Files.readString(rotated)).isEqualTo("one\n");
            assertThat(tail(history, history.size(), 9)).isEqualTo("other\ntwo\n");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # what someone else wrote   | bytes in the file (hex)                 | what a client receives (hex)
            an OSC title and a BEL      | 1b 5d 30 3b 6f 77 6e 65 64 07 0a          | efbfbd 5d 30 3b 6f 77 6e 65 64 efbfbd 0a
            a NUL, which ends a reply   | 61 00 62 0a                               | 61 efbfbd 62 0a
            a CR that rewrites the line | 61 0d 62 0a                               | 61 efbfbd 62 0a
            a C1 control as UTF-8       | c2 9b 32 4a 0a                            | efbfbd 32 4a 0a
            a bidi override             | e2 80 ae 61 0a                            | efbfbd 61 0a
            invalid UTF-8               | ff fe 61 0a                               | efbfbd efbfbd 61 0a
            a sequence cut by its LF    | e2 82 0a                                  | efbfbd 0a
            an overlong slash           | c0 af 0a                                  | efbfbd efbfbd 0a
            a surrogate                 | ed a0 80 0a                               | efbfbd efbfbd efbfbd 0a
            clean text passes unchanged | 09 c3 a9 e2 82 ac f0 9f 98 80 0a          | 09 c3 a9 e2 82 ac f0 9f 98 80 0a
            """)
    void foreignBytesInTheFileReachClientsOnlyAsCleanText(String what, String inFile, String received) throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.NEVER)) {
            Files.write(path, hex(inFile), StandardOpenOption.APPEND); // written by someone else while we run
            history.append(bytes("ours\n"));
            byte[] expected = (received.replace(" ", "") + "6f7572730a").getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            history.copyTail(history.size(), Integer.MAX_VALUE, out);
            assertThat(out.toByteArray()).as(what).isEqualTo(hex(new String(expected, StandardCharsets.US_ASCII)));
            out.reset();
            history.copyTail(history.size(), 2, out);
            assertThat(out.toByteArray()).as(what + ", hist 2").isEqualTo(hex(new String(expected, StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void cleaningWorksAcrossReadBlocks() throws IOException {
        Path path = dir.resolve("h.txt");
        // a 3-byte character straddling every block boundary, and an ESC at the end of a block
        String line = "€".repeat(40_000) + "\u001b" + "\n";
        Files.writeString(path, line);
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.NEVER)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            history.copyTail(history.size(), 1, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("€".repeat(40_000) + "\uFFFD\n");
        }
    }

    private static void truncate(Path path, long length) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(length);
        }
    }

    private static String tail(HistoryFile history, long end, int lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        history.copyTail(end, lines, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String lf(String text) {
        return text.replace("<LF>", "\n");
    }

    private static byte[] hex(String spaced) {
        String digits = spaced.replace(" ", "");
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
        }
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
