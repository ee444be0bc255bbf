package org.netcatchat.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.ServerJar;

/**
 * The chaos soak for 30 seconds against the real server jar, as CI runs it (the 10-minute run is
 * {@code chat-bench/run-soak.sh}): every fault kind is injected, and no invariant may be violated.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ChaosSoakIT {
    @TempDir
    Path dir;

    @Test
    void thirtySecondsOfChaosViolateNoInvariant() throws Exception {
        SoakReport report = Soak.run(new SoakOptions(Duration.ofSeconds(30), 6, 3, 2, Optional.of(ServerJar.path()),
                List.of(), dir, Optional.empty()));

        assertThat(report.violations()).as(report.table()).isEmpty();
        assertThat(report.violationCount()).as(report.table()).isZero();
        assertThat(report.injected().keySet()).as(report.table()).contains(
                "stalled_reader", "reset", "slowloris", "oversized_line", "garbage", "churn", "stalled_scraper",
                "flood_batch", "join", "leave");
        assertThat(report.messagesAcked()).as(report.table()).isPositive();
        assertThat(report.serverExit()).as(report.table()).hasValue(0);
        assertThat(report.fdsEnd()).as(report.table()).isPresent();
    }
}
