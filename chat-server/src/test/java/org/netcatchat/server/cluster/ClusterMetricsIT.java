package org.netcatchat.server.cluster;

import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A cluster node's own {@code /metrics}: its id, its lag, its XADDs and the Redis failures it met. */
@Timeout(120)
class ClusterMetricsIT {
    @TempDir
    Path dir;

    @Test
    void aNodeReportsItsIdItsLagItsAppendsAndRedisFailures() throws Exception {
        int metricsPort = FreePort.pick();
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
        try (Cluster cluster = Cluster.start(redis, dir, 1, "--metrics-port", Integer.toString(metricsPort),
                "--metrics-bind", "127.0.0.1");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna")) {
            anna.send("text hello");
            anna.awaitLineContaining("[anna]:hello");

            // Awaited, not scraped once: anna's echo comes from this node's follower, which counts its delivery
            // after queueing it, and may reach her before her own connection thread has counted the message.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String page = scrape(metricsPort);
                assertThat(page).containsPattern("netcat_cluster_node_info\\{node=\"[0-9a-f]{8}\",?} 1\\.0");
                assertThat(page).containsPattern("netcat_cluster_redis_append_latency_seconds_count [2-9]"); // join, text
                assertThat(page).contains("netcat_cluster_lag_entries 0.0");
                assertThat(page).contains("netcat_cluster_redis_errors_total 0.0");
                assertThat(page).contains("netcat_messages_total 1.0"); // accepted here
                assertThat(page).contains("netcat_message_deliveries_total 1.0"); // and delivered here, to anna: from the stream
            });

            redis.kill();
            anna.send("text lost");
            assertThat(Cluster.linesUntil(anna, line -> line.startsWith("ERR")).getLast()).startsWith("ERR history unavailable");
            await().atMost(Duration.ofSeconds(20)).until(() -> scrape(metricsPort)
                    .matches("(?s).*netcat_cluster_redis_errors_total [1-9].*"));
        }
    }

    /**
     * Readiness follows Redis: while it does not answer (stalled with SIGSTOP), the node cannot append, so
     * {@code /readyz} is 503 and {@code netcat_history_writable} 0, and a load balancer's health check takes the
     * node out; once it answers again, both come back.
     */
    @Test
    void aNodeIsNotReadyWhileItsRedisDoesNotAnswerAndReadyAgainAfter() throws Exception {
        int metricsPort = FreePort.pick();
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
        try (Cluster cluster = Cluster.start(redis, dir, 1, "--metrics-port", Integer.toString(metricsPort),
                "--metrics-bind", "127.0.0.1")) {
            assertThat(get(metricsPort, "/readyz").statusCode()).isEqualTo(200);
            redis.pause();
            try {
                // Within a lease refresh (5 s) and Jedis' socket timeout (2 s).
                await().atMost(Duration.ofSeconds(20)).until(() -> get(metricsPort, "/readyz").statusCode() == 503);
                assertThat(get(metricsPort, "/readyz").body()).contains("Redis");
                assertThat(scrape(metricsPort)).contains("netcat_history_writable 0.0");
            } finally {
                redis.resume();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> get(metricsPort, "/readyz").statusCode() == 200);
            assertThat(scrape(metricsPort)).contains("netcat_history_writable 1.0");
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        return get(port, "/metrics").body();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
