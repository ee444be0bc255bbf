package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --history-max-bytes} and {@code --history-keep} on a real server: the files on disk, and {@code hist},
 * {@code hist N} and the join replay reading across them exactly as the clients saw the lines live.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryRotationTest {
    @TempDir
    Path dir;

    @Test
    void theLiveFileIsRotatedAtTheSizeAndOnlyTheNewestKeptFilesStay() throws IOException {
        List<String> seen = new ArrayList<>();
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--history-max-bytes", "1k", "--history-keep", "3");
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            seen.add(alice.nextLine());
            for (int i = 0; i < 200; i++) {
                seen.addAll(alice.request("text message number " + i + " é ✓"));
            }
            assertThat(Files.exists(numbered(1))).isTrue();
            assertThat(Files.exists(numbered(2))).isTrue();
            assertThat(Files.exists(numbered(3))).isTrue();
            assertThat(Files.exists(numbered(4))).as("the oldest beyond --history-keep is deleted").isFalse();
            for (Path file : List.of(numbered(3), numbered(2), numbered(1), server.historyFile())) {
                assertThat(Files.size(file)).as("%s", file).isLessThanOrEqualTo(1024).isPositive();
            }
            List<String> onDisk = new ArrayList<>();
            for (Path file : List.of(numbered(3), numbered(2), numbered(1), server.historyFile())) {
                onDisk.addAll(Files.readAllLines(file));
            }
            assertThat(onDisk).as("the kept files, oldest first, are the end of what the client saw")
                    .isEqualTo(seen.subList(seen.size() - onDisk.size(), seen.size()));
            assertThat(onDisk.size()).isLessThan(seen.size());
            assertThat(alice.request("hist")).as("hist reads every kept file and the live one").isEqualTo(onDisk);
        }
    }

    @Test
    void histAndHistNReadAcrossTheKeptFilesAsTheClientsSawTheLines() {
        List<String> seen = new ArrayList<>();
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--history-max-bytes", "600", "--history-keep", "100");
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            seen.add(alice.nextLine());
            for (int i = 0; i < 100; i++) {
                seen.addAll(alice.request("text line " + i + " " + "ü".repeat(i % 7)));
            }
            assertThat(Files.exists(numbered(5))).as("several rotations happened").isTrue();
            assertThat(alice.request("hist")).isEqualTo(seen);
            for (int n = 1; n <= seen.size() + 2; n++) { // every N, so every rotation boundary is spanned
                assertThat(alice.request("hist " + n)).as("hist %d", n)
                        .isEqualTo(seen.subList(Math.max(0, seen.size() - n), seen.size()));
            }
        }
    }

    @Test
    void theJoinReplayReadsAcrossARotation() {
        List<String> seen = new ArrayList<>();
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--replay-lines", "7",
                "--history-max-bytes", "200", "--history-keep", "50");
             WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted()) {
            alice.join("alice");
            seen.add(alice.nextLine());
            for (int i = 0; i < 20; i++) {
                seen.addAll(alice.request("text before bob " + i));
            }
            bob.join("bob");
            String joined = alice.nextLine();
            List<String> replay = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                replay.add(bob.nextLine());
            }
            assertThat(replay.getLast()).isEqualTo(joined).endsWith("bob has joined our chat...");
            seen.add(joined);
            assertThat(replay).isEqualTo(seen.subList(seen.size() - 7, seen.size()));
            assertThat(Files.exists(numbered(3))).as("the replay spans several files (200 bytes each)").isTrue();
            bob.assertExhausted();
        }
    }

    @Test
    void aSliceParkedByAClientThatDoesNotReadIsStreamedWholeThoughRotationsRenameAndDeleteItsFiles() throws IOException {
        // 3 MiB of history in three files: far more than the socket buffers hold, so the reader's writer parks mid-slice.
        List<String> expected = new ArrayList<>();
        Files.write(numbered(2), lines("two", 6000, expected));
        Files.write(numbered(1), lines("one", 6000, expected));
        Files.write(dir.resolve("history.txt"), lines("live", 6000, expected));
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--history-max-bytes", "4k", "--history-keep", "2");
             WireClient reader = server.connectAdmitted(); WireClient alice = server.connectAdmitted()) {
            reader.send("hist");
            assertThat(reader.nextLine()).as("the slice has begun: its files are open").isEqualTo(expected.getFirst());
            alice.join("alice");
            for (int i = 0; i < 200; i++) {
                alice.request("text pushing the old files out " + i);
            }
            assertThat(Files.readString(numbered(2))).as("every file the slice had open is renamed or deleted")
                    .doesNotContain("[old]:");
            assertThat(Files.readString(numbered(1))).doesNotContain("[old]:");
            List<String> rest = reader.nextReply();
            assertThat(rest).as("the rest of the slice, neither cut nor doubled").isEqualTo(expected.subList(1, expected.size()));
            reader.assertExhausted();
        }
    }

    @Test
    void aKeptFileWithForeignBytesReachesClientsCleanedAndDoesNotStopStartUp() throws IOException {
        Files.write(numbered(1), "[2026-11-30 10:00:00][old]:bell\u0007 and nul\u0000 and no line end"
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("history.txt"), "[2026-11-30 10:00:01][old]:fine\n");
        try (TestServer server = TestServer.start(dir, "--history-max-bytes", "1m");
             WireClient reader = server.connectAdmitted()) {
            assertThat(reader.request("hist")).containsExactly(
                    "[2026-11-30 10:00:00][old]:bell\uFFFD and nul\uFFFD and no line end",
                    "[2026-11-30 10:00:01][old]:fine");
            assertThat(reader.request("hist 1")).containsExactly("[2026-11-30 10:00:01][old]:fine");
            assertThat(reader.request("hist 2")).hasSize(2);
        }
    }

    @Test
    void aKeptFileDeletedByHandIsForgottenAndRotationGoesOn() throws IOException {
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--history-max-bytes", "1k", "--history-keep", "3");
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            for (int i = 0; i < 40; i++) {
                alice.request("text before " + "b".repeat(40));
            }
            Files.delete(numbered(1)); // an operator freeing space
            Files.delete(numbered(2));
            for (int i = 0; i < 40; i++) {
                alice.request("text after " + "a".repeat(40));
            }
            assertThat(Files.readString(numbered(1))).as("rotated again since").contains("after");
            assertThat(Files.readString(numbered(2))).contains("after");
            assertThat(alice.request("hist")).last().asString().contains("after");
        }
    }

    @Test
    void theOptionsTakeSizesWithUnitsAndRefuseWhatCannotWork() {
        assertThat(TestServer.parse().historyMaxBytes()).as("rotation is off by default").isZero();
        assertThat(TestServer.parse().historyKeep()).isEqualTo(5);
        assertThat(TestServer.parse("--history-max-bytes", "64MiB", "--history-keep", "10"))
                .returns(64L * 1024 * 1024, ServerOptions::historyMaxBytes).returns(10, ServerOptions::historyKeep);
        assertThatThrownBy(() -> TestServer.parse("--history-keep", "0"))
                .hasMessageContaining("history keep must be from 1 to 1000, got 0");
        assertThatThrownBy(() -> TestServer.parse("--history-max-bytes", "-1"))
                .hasMessageContaining("is not a size");
    }

    @Test
    void aLiveFileWithNulBytesIsStillRefusedAtStartUp() throws IOException {
        Files.writeString(numbered(1), "[2026-11-30 10:00:00][old]:kept\n");
        Files.write(dir.resolve("history.txt"), new byte[]{'a', 0, '\n'});
        assertThatThrownBy(() -> TestServer.start(dir, "--history-max-bytes", "1m"))
                .rootCause().isInstanceOf(org.netcatchat.server.history.HistoryRefusedException.class)
                .hasMessageContaining("NUL byte at offset 1");
    }

    @Test
    void withoutMaxBytesNothingRotatesAndNoOtherFileIsRead() throws IOException {
        Files.writeString(numbered(1), "[2026-11-30 10:00:00][old]:an external logrotate's file\n");
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0"); WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            for (int i = 0; i < 50; i++) {
                alice.request("text " + "x".repeat(100));
            }
            assertThat(alice.request("hist")).hasSize(51);
            assertThat(Files.readString(numbered(1))).contains("external logrotate");
            assertThat(Files.exists(numbered(2))).isFalse();
        }
    }

    /** What a kill -9 between two steps of a rotation leaves behind (see RotatingHistory): start-up reads it as it is. */
    enum CrashPoint {
        /** After (1): the oldest deleted, nothing renamed yet. */
        AFTER_THE_OLDEST_WAS_DELETED(new int[]{2, 1, 0}),
        /** In (2): .2 renamed to .3, .1 not yet to .2: a gap. */
        BETWEEN_TWO_RENAMES(new int[]{3, 1, 0}),
        /** After (3): history.txt renamed to .1, no new one yet. */
        BEFORE_THE_NEW_LIVE_FILE(new int[]{3, 2, 1});

        /** The files on disk, oldest first; 0 is history.txt. */
        final int[] files;

        CrashPoint(int[] files) {
            this.files = files;
        }
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void aRotationCutShortByACrashLosesNoLineAndTheNextRotationCarriesOn(CrashPoint crash) throws IOException {
        List<String> expected = new ArrayList<>();
        for (int number : crash.files) {
            Path file = number == 0 ? dir.resolve("history.txt") : numbered(number);
            Files.write(file, lines("file" + number, 3, expected));
        }
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--replay-lines", "1", "--history-max-bytes", "1k",
                "--history-keep", "3"); WireClient alice = server.connectAdmitted()) {
            assertThat(alice.request("hist")).as("every line, in order, the gap skipped").isEqualTo(expected);
            assertThat(alice.request("hist 4")).isEqualTo(expected.subList(expected.size() - 4, expected.size()));
            alice.join("alice");
            List<String> seen = new ArrayList<>(List.of(alice.nextLine()));
            for (int i = 0; i < 3; i++) {
                seen.addAll(alice.request("text after the crash " + i + " " + "y".repeat(300)));
            }
            List<String> all = new ArrayList<>();
            for (int number = 3; number >= 1; number--) {
                if (Files.exists(numbered(number))) {
                    all.addAll(readLines(numbered(number)));
                }
            }
            all.addAll(readLines(server.historyFile()));
            assertThat(all).as("the files after more rotations: the end of the old lines, then the new ones, once each")
                    .endsWith(seen.toArray(String[]::new));
            List<String> before = all.subList(0, all.size() - seen.size());
            assertThat(before).isEqualTo(expected.subList(expected.size() - before.size(), expected.size()));
            assertThat(alice.request("hist")).isEqualTo(all);
        }
    }

    /** JoinRaceTest's race, with the live file rotated every few lines: the replay crosses files, the joiner still sees each line once. */
    @RepeatedTest(3)
    void aClientJoiningDuringAFloodSeesEachMessageExactlyOnceAcrossRotations() throws Exception {
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--replay-lines", "50",
                "--history-max-bytes", "512", "--history-keep", "1000")) {
            JoinRaceTest.joinDuringAFloodAndSeeEachMessageOnce(server);
        }
        // Only once the server has stopped: the leave notices of the two closed clients rotate too, and halfway
        // through a rotation's renames (.20 moved to .21, .19 not yet to .20) a numbered file is briefly missing.
        assertThat(Files.exists(numbered(20))).as("the replay of 50 lines spans files of about 15 lines").isTrue();
    }

    @Test
    void rotationsAndTheLiveFileSizeAreMetrics() throws IOException {
        try (MeteredServer metered = MeteredServer.start(dir, "--rate-limit", "0", "--history-max-bytes", "1k",
                "--history-keep", "2")) {
            assertThat(metered.metric("netcat_history_rotations_total")).isZero();
            WireClient alice = metered.joined("alice");
            for (int i = 0; i < 40; i++) {
                alice.request("text " + "m".repeat(40));
            }
            assertThat(Files.exists(numbered(2))).isTrue();
            assertThat(metered.metric("netcat_history_rotations_total")).as("40 lines of about 70 bytes in files of 1 KiB")
                    .isEqualTo(2);
            assertThat(metered.metric("netcat_history_bytes")).isEqualTo(Files.size(metered.historyFile()));
            alice.close();
        }
    }

    private Path numbered(int number) {
        return dir.resolve("history.txt." + number);
    }

    /** {@code count} lines of about 170 bytes, also added to {@code all}. */
    static byte[] lines(String file, int count, List<String> all) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String line = "[2026-11-30 10:00:00][old]:" + file + " " + i + " " + "ß".repeat(70);
            all.add(line);
            text.append(line).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
