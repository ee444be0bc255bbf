package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RosterTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # line                                | online | names
            LIST 0                                | 0      | ''
            LIST 1 alice                          | 1      | alice
            LIST 3 alice bob carol                | 3      | alice bob carol
            LIST 2 42 Zoë                         | 2      | 42 Zoë
            LIST 2 a.b_c-d9 大卫                   | 2      | a.b_c-d9 大卫
            """)
    void aListLineReadsBackAsTheRosterItCameFrom(String line, int online, String names) {
        List<String> expected = names.isEmpty() ? List.of() : List.of(names.split(" "));

        Roster roster = Roster.parse(line).orElseThrow();

        assertThat(roster).isEqualTo(new Roster(online, expected));
        assertThat(roster.render()).isEqualTo(line);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # not a roster
            [2026-11-27 17:46:36][alice]:LIST 1 alice
            [2026-11-27 17:46:36] alice has joined our chat...
            ERR rate limited
            Welcome to netcat-chat! Each line you send starts with a command:
            '  list           who is online'
            LIST
            LIST x alice
            LIST 1
            LIST 1 alice bob
            LIST 2  alice
            LIST 1 alice (and 1 more)
            LIST -1
            list 1 alice
            """)
    void nothingElseReadsAsARoster(String line) {
        assertThat(Roster.parse(line)).isEmpty();
    }

    @Test
    void aBigRoomListsAHundredNamesAndCountsTheRest() {
        List<String> hundred = IntStream.range(0, Roster.MAX_LISTED_NAMES).mapToObj(i -> "user" + i).toList();

        Roster roster = new Roster(10_000, hundred);

        assertThat(roster.unlisted()).isEqualTo(9_900);
        assertThat(roster.render()).startsWith("LIST 10000 user0 user1 ").endsWith(" user99 (and 9900 more)");
        assertThat(Roster.parse(roster.render())).contains(roster);
    }

    @Test
    void theLineIsBoundedWhateverTheNames() {
        String longest = "𝔸".repeat(Wire.MAX_NAME_CHARACTERS); // 4 UTF-8 bytes per character
        Roster roster = new Roster(Integer.MAX_VALUE, java.util.Collections.nCopies(Roster.MAX_LISTED_NAMES, longest));

        assertThat(roster.render().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(13_000);
    }

    @Test
    void aRosterNeverLeavesOutNamesItHadRoomFor() {
        assertThatThrownBy(() -> new Roster(3, List.of("alice"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Roster(1, List.of("al ice"))).isInstanceOf(IllegalArgumentException.class);
    }
}
