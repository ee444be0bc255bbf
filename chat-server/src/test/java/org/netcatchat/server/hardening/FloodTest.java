package org.netcatchat.server.hardening;

import org.netcatchat.server.MeteredServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.WireClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Flood: each connection has a token bucket (default 20 frames a second, burst 40), inside a ceiling per client
 * address shared by its connections (default 60 a second, burst 120; the NAT tests below). A frame over the limit gets {@code ERR rate limited} and is not broadcast; {@code --rate-limit 0}
 * turns the limit off. Observers connect from 127.0.0.2, so their own frames do not come out of the flooder's bucket.
 * A stepped clock makes the counts exact; one test runs on the real clock with the real defaults.
 */
class FloodTest {
    private static final String RATE_LIMITED = "netcat_rejected_frames_total{reason=\"rate_limited\"}";

    @TempDir
    Path dir;

    @Test
    void withTheDefaultsAFloodIsCutToTheBurstAndTheRefusedMessagesAreNeverBroadcast() {
        try (MeteredServer server = MeteredServer.start(dir);
             WireClient observer = server.joinedFrom("127.0.0.2", "observer");
             WireClient flooder = server.joined("flooder")) {
            observer.awaitLineContaining("flooder has joined");
            long started = System.nanoTime();

            flooder.sendRaw(texts(0, 100));
            List<Boolean> accepted = outcomes(flooder, "flooder", 0, 100);

            double seconds = (System.nanoTime() - started) / 1e9;
            int count = Collections.frequency(accepted, true);
            // The join took one of the 40 tokens; the bucket refills at 20 a second while the frames are read.
            assertThat(count).isBetween(39, 39 + (int) Math.ceil(20 * seconds));
            server.awaitMetric(RATE_LIMITED, 100 - count);
            server.awaitMetric("netcat_messages_total", count);
            assertSeesExactlyTheAccepted(observer, 0, accepted);
        }
    }

    @Test
    void theBucketHoldsTheBurstAndRefillsAtTheRateButNoFurther() {
        SteppedClock clock = new SteppedClock();
        try (MeteredServer server = MeteredServer.start(dir, clock);
             WireClient observer = server.joinedFrom("127.0.0.2", "observer");
             WireClient flooder = server.joined("flooder")) {
            observer.awaitLineContaining("flooder has joined");

            flooder.sendRaw(texts(0, 100));
            List<Boolean> first = outcomes(flooder, "flooder", 0, 100);
            clock.step(Duration.ofSeconds(1));
            flooder.sendRaw(texts(100, 30));
            List<Boolean> second = outcomes(flooder, "flooder", 100, 30);
            clock.step(Duration.ofHours(1));
            flooder.sendRaw(texts(130, 50));
            List<Boolean> third = outcomes(flooder, "flooder", 130, 50);

            assertThat(first).as("burst of 40, one spent on the join").isEqualTo(runs(39, 61));
            assertThat(second).as("one second at 20 a second").isEqualTo(runs(20, 10));
            assertThat(third).as("an hour refills no more than the burst").isEqualTo(runs(40, 10));
            List<Boolean> all = new ArrayList<>(first);
            all.addAll(second);
            all.addAll(third);
            server.awaitMetric(RATE_LIMITED, 81);
            server.awaitMetric("netcat_messages_total", 99);
            assertSeesExactlyTheAccepted(observer, 0, all);
        }
    }

    @Test
    void rateAndBurstAreOptions() {
        SteppedClock clock = new SteppedClock();
        try (MeteredServer server = MeteredServer.start(dir, clock, "--rate-limit", "5", "--rate-burst", "3");
             WireClient flooder = server.joined("flooder")) {
            flooder.sendRaw(texts(0, 10));
            assertThat(outcomes(flooder, "flooder", 0, 10)).isEqualTo(runs(2, 8));
            clock.step(Duration.ofMillis(300)); // 1.5 tokens
            flooder.sendRaw(texts(10, 3));
            assertThat(outcomes(flooder, "flooder", 10, 3)).isEqualTo(runs(1, 2));
            clock.step(Duration.ofMillis(120)); // 0.5 + 0.6 tokens
            flooder.sendRaw(texts(13, 2));
            assertThat(outcomes(flooder, "flooder", 13, 2)).isEqualTo(runs(1, 1));
        }
    }

    @Test
    void listIsRateLimitedLikeEveryFrameBeforeJoiningToo() {
        SteppedClock clock = new SteppedClock();
        try (MeteredServer server = MeteredServer.start(dir, clock, "--rate-limit", "5", "--rate-burst", "3");
             WireClient lister = server.connectAdmitted()) {
            lister.sendRaw("list\nlist\nlist\nlist\nlist\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                assertThat(lister.nextReply()).containsExactly("LIST 0");
            }
            for (int i = 0; i < 2; i++) {
                assertThat(lister.nextReply()).containsExactly("ERR rate limited");
            }
            server.awaitMetric(RATE_LIMITED, 2);
            lister.assertExhausted();
        }
    }

    @Test
    void eachAddressHasACeilingOfItsOwnThatItsConnectionsShare() {
        SteppedClock clock = new SteppedClock();
        // The ceiling set to one connection's bucket, so the first connection's burst spends it all.
        try (MeteredServer server = MeteredServer.start(dir, clock, "--address-rate-limit", "20", "--address-rate-burst", "40");
             WireClient first = server.joined("first");
             WireClient elsewhere = server.joinedFrom("127.0.0.2", "elsewhere")) {
            first.sendRaw(texts(0, 50));
            assertThat(outcomes(first, "first", 0, 50)).isEqualTo(runs(39, 11));
            elsewhere.sendRaw(texts(0, 50));
            assertThat(outcomes(elsewhere, "elsewhere", 0, 50)).isEqualTo(runs(39, 11));

            try (WireClient second = server.connectAdmitted()) {
                second.sendRaw(texts(0, 10));
                assertThat(outcomes(second, "second", 0, 10)).as("the first's address has nothing left")
                        .isEqualTo(runs(0, 10));
            }
        }
    }

    /**
     * Issue 20, item 8: several people behind one NAT, one of them pasting. Before, the bucket was the address's,
     * and the paste spent it for everyone: the neighbours' lines got {@code ERR rate limited}.
     */
    @Test
    void onePersonFloodingBehindANatLeavesTheirNeighboursLinesAlone() {
        SteppedClock clock = new SteppedClock();
        try (MeteredServer server = MeteredServer.start(dir, clock);
             WireClient flooder = server.joined("flooder");
             WireClient anna = server.joined("anna");
             WireClient ben = server.joined("ben");
             WireClient cleo = server.joined("cleo")) {
            flooder.sendRaw(texts(0, 100));
            List<Boolean> flood = outcomes(flooder, "flooder", 0, 100);

            for (var neighbour : List.of(java.util.Map.entry("anna", anna), java.util.Map.entry("ben", ben),
                    java.util.Map.entry("cleo", cleo))) {
                neighbour.getValue().sendRaw(texts(0, 10));
                assertThat(outcomes(neighbour.getValue(), neighbour.getKey(), 0, 10)).as(neighbour.getKey())
                        .isEqualTo(runs(10, 0));
            }
            assertThat(flood).as("the flooder: its own burst, one spent on the join").isEqualTo(runs(39, 61));
            server.awaitMetric(RATE_LIMITED, 61);
        }
    }

    @Test
    void theAddressesCeilingStillHoldsOverAllItsConnections() {
        SteppedClock clock = new SteppedClock();
        List<WireClient> five = new ArrayList<>();
        try (MeteredServer server = MeteredServer.start(dir, clock)) {
            for (int i = 0; i < 5; i++) {
                five.add(server.joined("p" + i));
            }
            int accepted = 0;
            for (int i = 0; i < 5; i++) {
                five.get(i).sendRaw(texts(0, 50));
                accepted += Collections.frequency(outcomes(five.get(i), "p" + i, 0, 50), true);
            }
            // 5 x 40 in their own buckets, but 120 for the address, 5 of them spent on the joins.
            assertThat(accepted).isEqualTo(115);
            server.awaitMetric("netcat_messages_total", 115);
        } finally {
            five.forEach(WireClient::close);
        }
    }

    @Test
    void quitIsHonouredEvenOverTheLimit() {
        SteppedClock clock = new SteppedClock();
        try (MeteredServer server = MeteredServer.start(dir, clock);
             WireClient observer = server.joinedFrom("127.0.0.2", "observer");
             WireClient flooder = server.joined("flooder")) {
            observer.awaitLineContaining("flooder has joined");
            byte[] texts = texts(0, 60);
            byte[] quit = "quit\n".getBytes(StandardCharsets.UTF_8);
            byte[] both = new byte[texts.length + quit.length];
            System.arraycopy(texts, 0, both, 0, texts.length);
            System.arraycopy(quit, 0, both, texts.length, quit.length);

            flooder.sendRaw(both);

            assertThat(outcomes(flooder, "flooder", 0, 60)).isEqualTo(runs(39, 21));
            assertThat(flooder.awaitClosed()).isEmpty();
            for (int i = 0; i < 39; i++) {
                assertThat(observer.nextLine()).endsWith("[flooder]:flood " + i);
            }
            assertThat(observer.nextLine()).endsWith("] flooder has left our chat...");
            observer.assertExhausted();
        }
    }

    @Test
    void rateLimitZeroTurnsTheLimitOff() {
        int count = 1000;
        try (MeteredServer server = MeteredServer.start(dir, "--rate-limit", "0");
             WireClient observer = server.joinedFrom("127.0.0.2", "observer");
             WireClient flooder = server.joined("flooder")) {
            observer.awaitLineContaining("flooder has joined");

            flooder.sendRaw(texts(0, count));

            assertThat(outcomes(flooder, "flooder", 0, count)).containsOnly(true).hasSize(count);
            server.awaitMetric(RATE_LIMITED, 0);
            server.awaitMetric("netcat_messages_total", count);
            assertSeesExactlyTheAccepted(observer, 0, runs(count, 0));
        }
    }

    private static byte[] texts(int from, int count) {
        StringBuilder frames = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            frames.append("text flood ").append(i).append('\n');
        }
        return frames.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code accepted} trues, then {@code refused} falses. */
    private static List<Boolean> runs(int accepted, int refused) {
        return IntStream.range(0, accepted + refused).mapToObj(i -> i < accepted).toList();
    }

    /**
     * Reads the replies to the {@code count} texts {@code name} sent, numbered from {@code from}: true for an ACK, false for
     * {@code ERR rate limited}. The sender's own copy of each accepted message comes just before its ACK.
     */
    private static List<Boolean> outcomes(WireClient client, String name, int from, int count) {
        List<Boolean> outcomes = new ArrayList<>();
        List<String> echoes = new ArrayList<>();
        boolean refused = false;
        while (outcomes.size() < count) {
            switch (client.next()) {
                case ServerStream.Line line when line.isError() -> {
                    assertThat(line.text()).isEqualTo("ERR rate limited");
                    refused = true;
                }
                case ServerStream.Line line when line.text().contains("[" + name + "]:flood ") -> echoes.add(line.text());
                case ServerStream.Line line -> {
                    // a notice, or a message from someone else
                }
                case ServerStream.EndOfReply end -> {
                    if (!refused) {
                        assertThat(echoes).last().asString().endsWith("]:flood " + (from + outcomes.size()));
                    }
                    outcomes.add(!refused);
                    refused = false;
                }
                default -> fail("connection closed after %d replies", outcomes.size());
            }
        }
        assertThat(echoes).hasSize(Collections.frequency(outcomes, true));
        return outcomes;
    }

    /** The observer sees the accepted messages in order, and nothing else, up to a marker of its own. */
    private static void assertSeesExactlyTheAccepted(WireClient observer, int from, List<Boolean> accepted) {
        for (int i = 0; i < accepted.size(); i++) {
            if (accepted.get(i)) {
                assertThat(observer.nextLine()).endsWith("]:flood " + (from + i));
            }
        }
        observer.send("text marker");
        assertThat(observer.nextLine()).endsWith("[observer]:marker");
        assertThat(observer.nextReply()).isEmpty();
        observer.assertExhausted();
    }
}
