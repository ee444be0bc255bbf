package org.netcatchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The options of a run over several servers: {@code --port} lists, how connections (senders first) are dealt
 * to the servers, {@code --server-pid} lists and names, {@code --metrics-url}, and the lag line of a scrape.
 */
class SpreadOptionsTest {

    private static BenchOptions parse(String... args) {
        Main main = new Main();
        Main.commandLine(main).parseArgs(args);
        return main.options();
    }

    @Test
    void aLaterOptionWinsSoAScriptsScenarioCanBeOverridden() {
        // run-cluster.sh and run-scenarios.sh put the scenario first and BENCH_ARGS after it
        BenchOptions options = parse("-n", "1000", "-s", "10", "-r", "1000", "-n", "10", "-r", "0", "-w", "8");
        assertThat(options.connections()).isEqualTo(10);
        assertThat(options.rate()).isZero();
        assertThat(options.window()).isEqualTo(8);
    }

    @Test
    void oneAsBeforeOrSeveralCommaSeparatedPortsAreTheTargetsInOrder() {
        assertThat(parse("--port", "28989").targets()).extracting(InetSocketAddress::getPort).containsExactly(28989);
        assertThat(parse().targets()).extracting(InetSocketAddress::getPort).containsExactly(8989);
        assertThat(parse("--port", "28991,28992, 28993").targets())
                .extracting(InetSocketAddress::getPort).containsExactly(28991, 28992, 28993);
        assertThat(parse("-p", "28991,28992").targets())
                .allSatisfy(t -> assertThat(t.getAddress().isLoopbackAddress()).isTrue());
    }

    @Test
    void aPortListWithSomethingElseInItIsRefused() {
        for (String bad : List.of("", "28991,", ",28991", "28991,x", "0", "28991,65536", "28991,28991", "1-3")) {
            assertThatThrownBy(() -> parse("--port", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--port");
        }
    }

    @Test
    void connectionIGoesToPortIModKSoSendersAndReceiversAreBothSpread() {
        BenchOptions o = parse("--port", "28991,28992,28993", "-n", "1000", "-s", "10", "-r", "1000");

        List<Integer> ports = IntStream.range(0, 1000).mapToObj(i -> o.targetOf(i).getPort()).toList();
        assertThat(ports.subList(0, 6)).containsExactly(28991, 28992, 28993, 28991, 28992, 28993);
        // the senders are connections 0..9: 4, 3 and 3 of them on the three servers
        List<Integer> senders = ports.subList(0, o.senders());
        assertThat(senders).filteredOn(p -> p == 28991).hasSize(4);
        assertThat(senders).filteredOn(p -> p == 28992).hasSize(3);
        assertThat(senders).filteredOn(p -> p == 28993).hasSize(3);
        // and the receivers, 334, 333 and 333
        assertThat(ports).filteredOn(p -> p == 28991).hasSize(334);
        assertThat(ports).filteredOn(p -> p == 28992).hasSize(333);
        assertThat(ports).filteredOn(p -> p == 28993).hasSize(333);
    }

    @Test
    void oneServerGetsEveryConnection() {
        BenchOptions o = parse("--port", "28989", "-n", "7");

        assertThat(IntStream.range(0, 7).map(i -> o.targetOf(i).getPort())).containsOnly(28989);
    }

    @Test
    void serverPidsComeRepeatedOrAsAListWithOrWithoutANameInOrder() {
        assertThat(parse().serverPids()).isEmpty();
        assertThat(parse("--server-pid", "101").serverPids()).containsExactly(new ServerPid("101", 101));
        assertThat(parse("--server-pid", "101,102", "--server-pid", "redis=103", "--server-pid", "node4 = 104").serverPids())
                .containsExactly(new ServerPid("101", 101), new ServerPid("102", 102), new ServerPid("redis", 103),
                        new ServerPid("node4", 104));
    }

    @Test
    void aServerPidThatIsNoProcessIdOrComesTwiceIsRefused() {
        for (List<String> bad : List.of(List.of("x"), List.of("0"), List.of("-5"), List.of("101,"), List.of("=101"),
                List.of("redis=x"), List.of("101", "101"), List.of("a=101,b=101"), List.of("a=101,a=102"))) {
            String[] args = bad.stream().flatMap(v -> java.util.stream.Stream.of("--server-pid", v)).toArray(String[]::new);
            assertThatThrownBy(() -> parse(args)).as(bad.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--server-pid");
        }
    }

    @Test
    void metricsUrlsAreRepeatableAndMustBeHttp() {
        assertThat(parse("--metrics-url", "http://127.0.0.1:29001/metrics", "--metrics-url", "http://127.0.0.1:29002/metrics")
                .metricsUrls()).containsExactly(URI.create("http://127.0.0.1:29001/metrics"),
                URI.create("http://127.0.0.1:29002/metrics"));
        assertThat(parse().metricsUrls()).isEmpty();
        for (String bad : List.of("ftp://127.0.0.1:29001/metrics", "/metrics", "http:/metrics")) {
            assertThatThrownBy(() -> parse("--metrics-url", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--metrics-url");
        }
    }

    @Test
    void theLagIsTheValueOnItsLineOfTheTextFormat() {
        String page = """
                # HELP netcat_cluster_lag_entries Stream entries appended but not yet delivered by this node.
                # TYPE netcat_cluster_lag_entries gauge
                netcat_cluster_lag_entries 17.0
                netcat_cluster_lag_entries_other 99.0
                netcat_joined_clients 1000.0
                """;
        assertThat(ClusterLag.value(page)).hasValue(17.0);
        assertThat(ClusterLag.value("netcat_cluster_lag_entries{node=\"0f8b8607\",} 3.0 1700000000000\n")).hasValue(3.0);
        assertThat(ClusterLag.value("netcat_cluster_lag_entries 0.0\r\n")).hasValue(0.0);
        assertThat(ClusterLag.value("netcat_cluster_lag_entries{a=\"1\"} 2.0\nnetcat_cluster_lag_entries{a=\"2\"} 5.0\n"))
                .hasValue(5.0);
        assertThat(ClusterLag.value("netcat_joined_clients 1.0\n")).isEmpty();
        assertThat(ClusterLag.value("netcat_cluster_lag_entries NaN\n")).isEmpty();
        assertThat(ClusterLag.value("")).isEmpty();
    }

    @Test
    void aNestedReportIsAJsonObject() {
        Report r = new Report().put("a", 1L).put("each", new Report().put("node1", 12.5).put("redis", 3L).putMissing("x"));

        assertThat(r.json()).isEqualTo("{\"a\":1,\"each\":{\"node1\":12.500,\"redis\":3,\"x\":null}}");
    }

    @Test
    void cpuTicksAreSummedOnlyWhenEveryProcessWasRead() {
        assertThat(ProcessProbe.sum(List.of(java.util.OptionalLong.of(5), java.util.OptionalLong.of(7)))).hasValue(12);
        assertThat(ProcessProbe.sum(List.of(java.util.OptionalLong.of(5), java.util.OptionalLong.empty()))).isEmpty();
        assertThat(ProcessProbe.sum(List.of())).isEmpty();
    }
}
