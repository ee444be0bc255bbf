package org.netcatchat.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The soak's checks catch what they are for: a missing, doubled, reordered or foreign line; a lost or doubled ACK. */
class InvariantsTest {
    private static final List<String> HISTORY = List.of(
            "[2026-11-30 10:00:00] bob has joined our chat...",
            "[2026-11-30 10:00:01][bob]:b.1",
            "[2026-11-30 10:00:02] ann has joined our chat...",
            "[2026-11-30 10:00:03][bob]:b.2",
            "[2026-11-30 10:00:04][ann]:a.1",
            "[2026-11-30 10:00:05][ann]:a.last",
            "[2026-11-30 10:00:06] ann has left our chat...");

    @Test
    void aViewThatIsASliceOfTheHistoryFromItsReplayOnPasses() {
        Ledger ledger = new Ledger();
        Invariants.viewsAreSlicesOfHistory(HISTORY, List.of(new Ledger.View("ann", HISTORY.subList(1, 6))), ledger);
        assertThat(ledger.violations()).isEmpty();
    }

    @Test
    void aMissingADoubledAReorderedOrAForeignLineIsAViolation() {
        List<List<String>> wrong = List.of(
                without(HISTORY.subList(0, 6), 3),
                with(HISTORY.subList(0, 6), 3, HISTORY.get(3)),
                swapped(HISTORY.subList(0, 6), 3, 4),
                with(HISTORY.subList(0, 6), 4, "[2026-11-30 10:00:03][eve]:not in the file"));
        for (List<String> view : wrong) {
            Ledger ledger = new Ledger();
            Invariants.viewsAreSlicesOfHistory(HISTORY, List.of(new Ledger.View("ann", view)), ledger);
            assertThat(ledger.violationCount()).as("%s", view).isEqualTo(1);
        }
    }

    @Test
    void aViewWithoutItsOwnJoinNoticeIsAViolation() {
        Ledger ledger = new Ledger();
        Invariants.viewsAreSlicesOfHistory(HISTORY, List.of(new Ledger.View("ann", HISTORY.subList(3, 6))), ledger);
        assertThat(ledger.violations()).singleElement().asString().contains("join notice");
    }

    @Test
    void anAckedMessageMustBeInTheHistoryExactlyOnceAndNoMessageTwice() {
        List<String> history = new ArrayList<>(HISTORY);
        history.add("[2026-11-30 10:00:07][bob]:b.2");
        history.add("[2026-11-30 10:00:08][bob]:b.3");
        history.add("[2026-11-30 10:00:09][bob]:b.3");
        Ledger ledger = new Ledger();

        Invariants.messagesOnceEach(history, Set.of("b.1", "b.2", "b.3", "b.4", "a.1", "a.last"),
                Set.of("b.1", "b.2", "b.4", "a.1", "a.last"), ledger);

        assertThat(ledger.violations()).containsExactlyInAnyOrder(
                "ACKed message \"b.2\" is in the history 2 times",
                "ACKed message \"b.4\" is in the history 0 times",
                "message \"b.3\" (not ACKed) is in the history 2 times");
    }

    @Test
    void errorsAndExceptionsInTheLogAreViolationsWarningsAreNot() {
        Ledger ledger = new Ledger();
        Invariants.cleanLog(List.of(
                "2026-11-30 13:44:37.725 WARN  [conn-889-reader] Room: connection 672 (x0i0s4): disconnected, outbound queue overflowed",
                "2026-11-30 13:44:38.000 ERROR [conn-1] Connection: failed unexpectedly",
                "java.util.NoSuchElementException: No value present"), ledger);
        assertThat(ledger.violationCount()).isEqualTo(2);
    }

    private static List<String> without(List<String> lines, int index) {
        List<String> copy = new ArrayList<>(lines);
        copy.remove(index);
        return copy;
    }

    private static List<String> with(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.add(index, line);
        return copy;
    }

    private static List<String> swapped(List<String> lines, int i, int j) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(i, lines.get(j));
        copy.set(j, lines.get(i));
        return copy;
    }
}
