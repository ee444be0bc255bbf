package org.netcatchat.server.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.WireClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ACK of a {@code text} or a {@code tell#room} promises its line is on disk as {@code --fsync} says, seen
 * through the fsyncs the server counts ({@code netcat_history_fsync_seconds}): under {@code batch} the group
 * commit that covers the line has returned before its ACK goes out, under {@code always} the append's own fsync.
 * Each fails if the ACK is sent without waiting for it (an ACK in place of the durable one, a sync left out):
 * no fsync, or none yet, when the ACK is read.
 */
class DurableAckTest {
    private static final String FSYNCS = "netcat_history_fsync_seconds_count";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"batch", "always"})
    void theAckOfALineComesAfterAnFsyncThatCoversIt(String fsync) {
        try (MeteredServer server = MeteredServer.start(dir, "--fsync", fsync);
             WireClient alice = server.joined("alice")) {
            double before = server.metric(FSYNCS);
            assertThat(alice.request("text on the disk")).noneMatch(line -> line.startsWith("ERR"));
            double afterText = server.metric(FSYNCS);
            assertThat(afterText).as("fsyncs before the text's ACK was read").isGreaterThan(before);

            assertThat(alice.request("join#dev")).noneMatch(line -> line.startsWith("ERR"));
            double beforeRoom = server.metric(FSYNCS);
            assertThat(alice.request("tell#dev on the room's disk")).noneMatch(line -> line.startsWith("ERR"));
            assertThat(server.metric(FSYNCS)).as("fsyncs before the room line's ACK was read").isGreaterThan(beforeRoom);
        }
    }

    @Test
    void underNeverNothingIsSynced() {
        try (MeteredServer server = MeteredServer.start(dir, "--fsync", "never");
             WireClient alice = server.joined("alice")) {
            assertThat(alice.request("text in the page cache")).noneMatch(line -> line.startsWith("ERR"));
            assertThat(alice.request("join#dev")).noneMatch(line -> line.startsWith("ERR"));
            assertThat(alice.request("tell#dev in the page cache too")).noneMatch(line -> line.startsWith("ERR"));
            assertThat(server.metric(FSYNCS)).isZero();
        }
    }
}
