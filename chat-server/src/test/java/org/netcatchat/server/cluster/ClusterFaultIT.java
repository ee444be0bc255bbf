package org.netcatchat.server.cluster;

import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Faults of the shared Redis, with the real parts: what clients see while it is down, and after. */
@Timeout(180)
class ClusterFaultIT {
    @TempDir
    Path dir;

    @Test
    void whileRedisIsDownTextIsRefusedClientsStayAndTheNodesResumeWhereTheyWere() {
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.APPEND_ONLY,
                "--appendfsync", "always");
        try (Cluster cluster = Cluster.start(redis, dir, 2, "--replay-lines", "0");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             WireClient bert = Cluster.joined(cluster.node(1).port(), "bert")) {
            anna.send("text before");
            bert.awaitLineContaining("[anna]:before");
            anna.awaitLineContaining("[anna]:before");

            redis.kill();
            // Never an ACK without the line in the stream: the text is refused, and the connection stays.
            anna.send("text during");
            assertThat(Cluster.linesUntil(anna, line -> line.startsWith("ERR"))).singleElement().asString()
                    .startsWith("ERR history unavailable");
            assertThat(bert.request("text during too")).singleElement().asString().startsWith("ERR history unavailable");

            redis.restart();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> anna.request("text after").stream().noneMatch(line -> line.startsWith("ERR")));

            // Each node's follower reconnected on its own and went on from the last entry it had delivered.
            List<String> seen = Cluster.linesUntil(bert, line -> line.endsWith("[anna]:after"));
            assertThat(seen).noneMatch(line -> line.contains("during"));
            assertThat(cluster.stream()).filteredOn(line -> line.contains("]:")).hasSize(2)
                    .satisfiesExactly(first -> assertThat(first).endsWith("[anna]:before"),
                            second -> assertThat(second).endsWith("[anna]:after"));
            bert.send("text still here");
            assertThat(anna.awaitLineContaining("[bert]:still here")).isNotEmpty();
        }
    }
}
