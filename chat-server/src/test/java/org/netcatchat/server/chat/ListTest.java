package org.netcatchat.server.chat;

import org.junit.jupiter.api.Test;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Roster;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code list} in a chat too big to list: the reply stays one bounded line whatever the number online. */
class ListTest {
    @Test
    void tenThousandOnlineListAHundredNamesInOneBoundedLineAndCountTheRest() throws Exception {
        // The names are taken directly: 10,000 joins through the chat would broadcast 50 million join notices.
        LocalNames names = new LocalNames();
        for (int i = 0; i < 10_000; i++) {
            assertThat(names.take(i, new ChatName("m" + i))).isTrue();
        }
        try (MemoryLog log = new MemoryLog()) {
            Chat chat = new Chat(log, names, ChatFixture.CLOCK, ServerEvents.NONE, 0);
            log.start(chat);
            Member asker = ChatFixture.member(-1, 1 << 20);

            long started = System.nanoTime();
            chat.replies().queue(asker, chat.list(asker));
            long micros = (System.nanoTime() - started) / 1000;

            List<Outgoing> reply = drain(asker.outbox());
            assertThat(reply).hasSize(2);
            String line = new String(((Outgoing.Line) reply.get(0)).bytes(), StandardCharsets.UTF_8);
            assertThat(line).endsWith(" (and 9900 more)\n").hasSizeLessThan(1000);
            Roster roster = Roster.parse(line.strip()).orElseThrow();
            assertThat(roster.online()).isEqualTo(10_000);
            assertThat(roster.names()).hasSize(100).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
            assertThat(((Outgoing.Line) reply.get(1)).bytes()).isEqualTo(new byte[] {0});
            System.out.println("list of 10000 online: " + micros + " µs, " + line.length() + " bytes");
        }
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
