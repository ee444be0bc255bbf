package org.netcatchat.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Roster;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

/** {@code list} in a room too big to list: the reply stays one bounded line whatever the room's size. */
class RoomListTest {
    @TempDir
    Path dir;

    @Test
    void aRoomOfTenThousandListsAHundredNamesInOneBoundedLineAndCountsTheRest() throws Exception {
        HistoryFile history = HistoryFile.open(dir.resolve("history.txt"), FsyncPolicy.NEVER);
        // A closed history takes no notice, and a notice it cannot take is sent to nobody: the 10,000 joins
        // below cost O(1) each instead of broadcasting 50 million join notices.
        history.close();
        Room room = new Room(history, Clock.systemDefaultZone(), ServerEvents.NONE, 0);
        for (int i = 0; i < 10_000; i++) {
            room.name(new Member(i, "127.0.0.1:" + (20000 + i), Outbox.drainedByCaller(64, () -> { }), ServerEvents.NONE), new ChatName("m" + i));
        }
        Member asker = new Member(-1, "127.0.0.1:19999", Outbox.drainedByCaller(1 << 20, () -> { }), ServerEvents.NONE);

        long started = System.nanoTime();
        room.list(asker);
        long micros = (System.nanoTime() - started) / 1000;

        List<Outgoing> reply = drain(asker.outbox());
        assertThat(reply).hasSize(2);
        String line = new String(((Outgoing.Line) reply.get(0)).bytes(), StandardCharsets.UTF_8);
        assertThat(line).endsWith(" (and 9900 more)\n").hasSizeLessThan(1000);
        Roster roster = Roster.parse(line.strip()).orElseThrow();
        assertThat(roster.online()).isEqualTo(10_000);
        assertThat(roster.names()).hasSize(100).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(((Outgoing.Line) reply.get(1)).bytes()).isEqualTo(new byte[] {0});
        System.out.println("list in a room of 10000: " + micros + " µs, " + line.length() + " bytes");
    }

    private static List<Outgoing> drain(Outbox outbox) {
        List<Outgoing> batch = new ArrayList<>();
        outbox.close();
        while (outbox.drainTo(batch)) {
            // closed: returns false once empty
        }
        return batch;
    }
}
