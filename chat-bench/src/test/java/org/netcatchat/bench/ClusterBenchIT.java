package org.netcatchat.bench;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerProcess;

/**
 * The cluster scenario's generator path, short: a real Redis and two server jars with {@code --cluster} to it,
 * the tool spreading its clients over both ports for ~2 s, measuring both nodes and Redis and scraping both
 * nodes' lag. Not a benchmark: only that the clients were really spread (each node accepted its share), nothing
 * was lost, duplicated or reordered across the nodes, and every per-process and per-node value is there.
 */
@Timeout(value = 120, unit = SECONDS)
class ClusterBenchIT {
    private static final Pattern CONNECTIONS_TOTAL = Pattern.compile("(?m)^netcat_connections_total (\\S+)");

    @TempDir
    Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : started.reversed()) {
            c.close();
        }
    }

    @Test
    void clientsSpreadOverTwoNodesOfOneClusterLoseDuplicateAndReorderNothing() throws Exception {
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
        started.add(redis);
        List<ServerProcess> nodes = new ArrayList<>();
        List<Integer> metricsPorts = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            int metricsPort = FreePort.pick();
            ServerProcess node = ServerProcess.start(dir.resolve("node" + n), "--cluster", redis.uri(),
                    "--cluster-key", "benchit", "--metrics-port", Integer.toString(metricsPort),
                    "--metrics-bind", "127.0.0.1", "--rate-limit", "0", "--max-connections", "100",
                    "--max-connections-per-ip", "0", "--connection-rate", "0", "--name-rate", "0");
            started.add(node);
            nodes.add(node);
            metricsPorts.add(metricsPort);
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<URI> metrics = metricsPorts.stream().map(p -> URI.create("http://127.0.0.1:" + p + "/metrics")).toList();
        BenchOptions options = new BenchOptions(new NetcatDialect(),
                List.of(new InetSocketAddress(loopback, nodes.get(0).port()), new InetSocketAddress(loopback, nodes.get(1).port())),
                6, 4, 100, 0, Duration.ofMillis(2500), Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30),
                64, List.of(new ServerPid("node1", nodes.get(0).pid()), new ServerPid("node2", nodes.get(1).pid()),
                        new ServerPid("redis", redis.pid())),
                false, false, 1, 100, "cluster", "cluster", metrics);

        Report report = Bench.run(options);

        assertThat(report.value("problems")).as(report.table()).contains(List.of());
        assertThat(report.value("complete")).as(report.table()).contains(true);
        for (String key : List.of("lost", "duplicated", "out_of_order", "implausible_seq", "errors",
                "malformed", "disconnects")) {
            assertThat(report.number(key).orElseThrow()).as(key + "\n" + report.table()).isZero();
        }
        // each node accepted three of the six connections: 0, 2, 4 and 1, 3, 5 (two senders on each)
        for (int port : metricsPorts) {
            assertThat(connectionsTotal(port)).as("connections accepted by the node with metrics on " + port).isEqualTo(3.0);
        }
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertThat(json.get("target").asText()).isEqualTo("127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port());
        assertThat(json.get("targets")).hasSize(2);
        assertThat(json.get("server_pids").get("redis").asLong()).isEqualTo(redis.pid());
        JsonNode each = json.get("server_cpu_pct_each");
        assertThat(List.of("node1", "node2", "redis")).allSatisfy(name -> assertThat(each.get(name).isNumber()).as(name).isTrue());
        assertThat(json.get("server_cpu_pct").asDouble())
                .isCloseTo(each.get("node1").asDouble() + each.get("node2").asDouble() + each.get("redis").asDouble(),
                        org.assertj.core.api.Assertions.within(0.01));
        for (URI url : metrics) {
            JsonNode lag = json.get("cluster_lag").get(url.toString());
            // at 0 s and 1 s of the 2 s window; one that took over 2 s on a loaded machine counts as failed
            assertThat(lag.get("scrapes").asLong() + lag.get("failed").asLong()).as(url.toString()).isEqualTo(2);
            assertThat(lag.get("scrapes").asLong()).as(url.toString()).isPositive();
            assertThat(lag.get("max_entries").isNumber()).isTrue();
            assertThat(lag.get("last_entries").isNumber()).isTrue();
        }
        assertThat(json.get("cluster_lag_max_entries").isNumber()).isTrue();
    }

    private static double connectionsTotal(int metricsPort) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = CONNECTIONS_TOTAL.matcher(page);
            assertThat(m.find()).as(page).isTrue();
            return Double.parseDouble(m.group(1));
        }
    }
}
