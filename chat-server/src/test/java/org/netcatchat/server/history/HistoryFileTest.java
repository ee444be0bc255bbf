package org.netcatchat.server.history;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

    /**
     * Group commit, one fsync at a time: many writers at once each get back from {@code syncTo}, none makes more
     * than one fsync, and every line is in the file. Repeated, with a deadline: a lost wake-up
     * of the wait for a running fsync would hang here.
     */
    @RepeatedTest(5)
    void concurrentWritersAllReturnFromSyncToWithAtMostOneFsyncEach() throws Exception {
        Path path = dir.resolve("h.txt");
        Files.deleteIfExists(path);
        AtomicInteger fsyncs = new AtomicInteger();
        ServerEvents counting = (ServerEvents) Proxy.newProxyInstance(ServerEvents.class.getClassLoader(),
                new Class<?>[]{ServerEvents.class}, (proxy, method, args) -> {
                    if (method.getName().equals("historySynced")) {
                        fsyncs.incrementAndGet();
                    }
                    return null;
                });
        int writers = 8;
        int lines = 50;
        try (HistoryFile history = HistoryFile.open(path, FsyncPolicy.BATCH, HistoryFile.longestLine(4096),
                InstantSource.system(), counting)) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    threads.add(Thread.ofVirtual().start(() -> {
                        for (int i = 0; i < lines; i++) {
                            try {
                                history.syncTo(history.append(bytes(writer + " " + i + "\n")));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
            });
        }
        assertThat(Files.readAllLines(path)).hasSize(writers * lines);
        assertThat(fsyncs.get()).isBetween(1, writers * lines);
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
