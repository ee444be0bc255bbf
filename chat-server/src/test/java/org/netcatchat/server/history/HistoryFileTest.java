package org.netcatchat.server.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void appendedLinesAreInTheFileAtOnce(FsyncPolicy policy) throws IOException {
        Path path = dir.resolve("h.txt");
        try (HistoryFile history = HistoryFile.open(path, policy)) {
            long end = history.append(bytes("one\n"));
            history.syncTo(end);
            history.append(bytes("two\n"));
            assertThat(Files.readString(path)).isEqualTo("one\ntwo\n");
            assertThat(history.size()).isEqualTo(8);
        }
    }

    @Test
    void aTornLastLineIsCutOffWhenOpened() throws IOException {
        Path path = dir.resolve("h.txt");
        Files.writeString(path, "whole\nalso whole\nto");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.BATCH)) {
            assertThat(Files.readString(path)).isEqualTo("whole\nalso whole\n");
            history.append(bytes("next\n"));
        }
        assertThat(Files.readString(path)).isEqualTo("whole\nalso whole\nnext\n");
    }

    @Test
    void aShortFileWithNoLineEndAtAllIsEmptiedAndItsBytesKeptAside() throws IOException {
        Path path = dir.resolve("h.txt");
        Files.writeString(path, "no end");
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.NEVER)) {
            assertThat(history.size()).isZero();
        }
        assertThat(Files.readString(dir.resolve("h.txt.torn"))).contains("no end");
    }

    @Test
    void copyTailStreamsTheLastLinesBelowASnapshot() throws IOException {
        try (HistoryFile history = HistoryFile.open(dir.resolve("h.txt"), FsyncPolicy.NEVER)) {
            for (int i = 1; i <= 5; i++) {
                history.append(bytes("line " + i + "\n"));
            }
            long snapshot = history.size();
            history.append(bytes("after the snapshot\n"));
            assertThat(tail(history, snapshot, 2)).isEqualTo("line 4\nline 5\n");
            assertThat(tail(history, snapshot, 99)).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
            assertThat(tail(history, snapshot, Integer.MAX_VALUE)).startsWith("line 1\n").endsWith("line 5\n");
            assertThat(tail(history, 0, 3)).isEmpty();
        }
    }

    @Test
    void copyTailFindsLinesAcrossReadBlocks() throws IOException {
        try (HistoryFile history = HistoryFile.open(dir.resolve("h.txt"), FsyncPolicy.NEVER)) {
            String longLine = "x".repeat(10_000) + "\n";
            for (int i = 0; i < 10; i++) {
                history.append(bytes(i + longLine));
            }
            String lastThree = tail(history, history.size(), 3);
            assertThat(lastThree).startsWith("7x").contains("\n8x").contains("\n9x").hasSize(3 * (longLine.length() + 1));
        }
    }

    private static String tail(HistoryFile history, long end, int lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        history.copyTail(end, lines, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
