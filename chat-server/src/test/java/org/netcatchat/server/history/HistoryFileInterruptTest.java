package org.netcatchat.server.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection threads are interrupted whenever their connection ends, possibly in the middle of an append,
 * an fsync or a history read. The history file is shared by every connection, so an interrupt must neither
 * fail the interrupted thread's append nor close the file for everyone else (as an interrupted FileChannel
 * would). The thread is interrupted before it calls in, which is deterministic and the harshest case.
 */
class HistoryFileInterruptTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void anInterruptedThreadStillAppendsAndSyncsAndTheFileStaysOpenForOthers(FsyncPolicy policy) throws Exception {
        Path path = dir.resolve("history.txt");
        try (HistoryFile history = HistoryFile.open(path, policy)) {
            Thread.currentThread().interrupt();
            long end = history.append(bytes("appended while interrupted\n"));
            history.syncTo(end);
            assertThat(Thread.interrupted()).as("the interrupt is kept for the thread's owner to see").isTrue();

            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    history.append(bytes("another connection's line\n"));
                } catch (IOException e) {
                    throw new AssertionError("the history was closed by someone else's interrupt", e);
                }
            });
            other.join();

            assertThat(Files.readString(path)).isEqualTo("appended while interrupted\nanother connection's line\n");
        }
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void anInterruptedReaderDoesNotCloseTheFileForOthers(FsyncPolicy policy) throws Exception {
        Path path = dir.resolve("history.txt");
        try (HistoryFile history = HistoryFile.open(path, policy)) {
            history.append(bytes("one\n"));
            Thread.currentThread().interrupt();
            try {
                history.copyTail(history.size(), 1, new ByteArrayOutputStream());
            } catch (IOException interruptedRead) {
                // the interrupted reader may give up: its connection is ending anyway
            }
            Thread.interrupted();

            history.append(bytes("two\n"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            history.copyTail(history.size(), 2, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
        }
    }

    /**
     * Appends and reads follow the path: history moved aside (logrotate without copytruncate) is no longer
     * appended to, and a line is ACKed only once it is in the file the path names (issue 8, defect 9).
     */
    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void appendsAndReadsFollowThePathWhenTheFileIsMovedAside(FsyncPolicy policy) throws Exception {
        Path path = dir.resolve("history.txt");
        try (HistoryFile history = HistoryFile.open(path, policy)) {
            history.append(bytes("one\n"));
            Files.move(path, dir.resolve("history.txt.1"));

            history.syncTo(history.append(bytes("two\n")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            history.copyTail(history.size(), 2, out);

            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("two\n");
            assertThat(Files.readString(path)).isEqualTo("two\n");
            assertThat(Files.readString(dir.resolve("history.txt.1"))).isEqualTo("one\n");
        }
    }

    /** The check of the new file reads through a FileChannel: the interrupt must not break it. */
    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void anInterruptedThreadStillFollowsTheFileWhenItWasReplaced(FsyncPolicy policy) throws Exception {
        Path path = dir.resolve("history.txt");
        try (HistoryFile history = HistoryFile.open(path, policy)) {
            history.append(bytes("one\n"));
            Files.move(path, dir.resolve("history.txt.1"));
            Files.writeString(path, "other\ntorn"); // so the check reads, moves aside and cuts

            Thread.currentThread().interrupt();
            history.syncTo(history.append(bytes("two\n")));
            assertThat(Thread.interrupted()).as("the interrupt is kept for the thread's owner to see").isTrue();

            assertThat(Files.readString(path)).isEqualTo("other\ntwo\n");
            assertThat(Files.readString(dir.resolve("history.txt.torn"))).contains("torn");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
