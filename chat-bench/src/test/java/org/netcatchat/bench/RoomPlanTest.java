package org.netcatchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a run deals its connections to rooms, and the options that ask for it. */
class RoomPlanTest {

    private static BenchOptions parse(String... args) {
        Main main = new Main();
        Main.commandLine(main).parseArgs(args);
        return main.options();
    }

    @Test
    void aThousandConnectionsInAHundredRoomsAreTenInEveryRoomWithOneOfTheHundredSendersEach() {
        BenchOptions o = parse("-n", "1000", "-s", "100", "--rooms", "100", "-r", "10000");
        RoomPlan plan = o.rooms();

        Map<Integer, Long> members = IntStream.range(0, 1000).boxed()
                .collect(Collectors.groupingBy(plan::roomOf, Collectors.counting()));
        assertThat(members).hasSize(100).allSatisfy((room, count) -> assertThat(count).isEqualTo(10));
        List<Integer> roomsOfSenders = IntStream.range(0, o.senders()).mapToObj(plan::roomOf).toList();
        assertThat(roomsOfSenders).as("one sender in every room").doesNotHaveDuplicates().hasSize(100);
        assertThat(o.membersPerRoom()).isEqualTo(10);
        assertThat(plan.rooms()).isEqualTo(100);
    }

    @Test
    void connectionIIsInRoomIModRSoConnectionRIsTheFirstMemberOfRoomR() {
        RoomPlan plan = new RoomPlan(4);

        assertThat(IntStream.range(0, 10).map(plan::roomOf).toArray()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
        assertThat(plan.together(1, 9)).isTrue();
        assertThat(plan.together(1, 2)).isFalse();
        assertThat(plan.name(3)).isEqualTo("#room3");
    }

    @Test
    void withoutRoomsEveryoneIsInTheDialectsOneRoomAsBefore() {
        BenchOptions o = parse("-n", "100", "-s", "10", "-r", "2000");

        assertThat(o.rooms()).isEqualTo(RoomPlan.ONE_ROOM);
        assertThat(o.membersPerRoom()).isEqualTo(100);
        assertThat(o.rooms().rooms()).isEqualTo(1);
        assertThat(o.rooms().together(0, 99)).isTrue();
        Dialect irc = Dialect.named("irc", "#bench");
        assertThat(o.rooms().dialects(irc)).containsExactly(irc);
    }

    @Test
    void eachRoomIsSpokenInItsOwnDialect() {
        RoomPlan plan = new RoomPlan(3);

        assertThat(plan.dialects(new IrcDialect("#bench")))
                .containsExactly(new IrcDialect("#room0"), new IrcDialect("#room1"), new IrcDialect("#room2"));
        assertThat(plan.dialects(new NetcatDialect())).extracting(d -> ((NetcatDialect) d).room().toString())
                .containsExactly("#room0", "#room1", "#room2");
    }

    @ParameterizedTest(name = "-n {0} --rooms {1}")
    @CsvSource({
            "10,   3",    // rooms of 4, 3 and 3: one fan-out would be wrong for some
            "10,   20",   // empty rooms
            "10,   -1",
    })
    void roomsThatDoNotDivideTheConnectionsAreRefused(int connections, int rooms) {
        assertThatThrownBy(() -> parse("-n", Integer.toString(connections), "--rooms", Integer.toString(rooms)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rooms");
    }

    @Test
    void anIrcRoomOfOneHasNobodyToDeliverTo() {
        assertThatThrownBy(() -> parse("--dialect", "irc", "-n", "10", "--rooms", "10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in each room");
        assertThat(parse("--dialect", "netcat", "-n", "10", "--rooms", "10").membersPerRoom())
                .as("ours echoes to the sender: a room of one still gets its messages").isEqualTo(1);
    }
}
