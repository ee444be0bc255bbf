package org.netcatchat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture against the real {@code prometheus}. Issue 22: the operator kit's test queried a Prometheus that was
 * not listening yet and failed on a bare {@code ConnectException}; {@link PrometheusProcess#start} returns only
 * once Prometheus says it is ready, and a Prometheus that cannot start fails in its own words.
 */
@Timeout(120)
class PrometheusProcessIT {
    @TempDir
    Path dir;

    @Test
    void aQueryMadeTheMomentStartReturnsIsAnswered() {
        try (PrometheusProcess prometheus = PrometheusProcess.start(dir, "global:\n  scrape_interval: 1s\n")) {
            String answer = prometheus.get(prometheus.api() + "query?query=1%2B1");

            assertThat(answer).contains("\"status\":\"success\"").contains("\"2\"");
        }
    }

    @Test
    void aPrometheusThatCannotStartFailsWithWhatItLogged() {
        assertThatThrownBy(() -> PrometheusProcess.start(dir, "scrape_configs: [[[\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("before it was ready")
                .hasMessageContaining("Error loading config");
    }

    @Test
    void aPrometheusThatHasExitedFailsAQueryWithItsLogNotABareConnectException() {
        PrometheusProcess prometheus = PrometheusProcess.start(dir, "global:\n  scrape_interval: 1s\n");
        prometheus.close();

        assertThatThrownBy(() -> prometheus.get(prometheus.api() + "query?query=1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("has exited")
                .hasMessageContaining("msg=");
    }
}
