package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The /metrics endpoint tells what happened. */
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void metricsMatchWhatHappened() {
        try (MeteredServer metered = MeteredServer.start(dir)) {
            TestServer server = metered.server();
            int metricsPort = metered.metricsPort();
            Scrape scrape = new Scrape(metricsPort);
            assertThat(scrape.value("netcat_active_connections")).isZero();
            try (WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted();
                 WireClient idle = server.connectAdmitted()) {
                alice.join("alice");
                bob.join("bob");
                alice.request("text one");
                alice.request("text two");
                bob.request("text three");
                bob.request("bogus");
                idle.request("text not joined");

                Scrape now = new Scrape(metricsPort);
                assertThat(now.value("netcat_active_connections")).isEqualTo(3);
                assertThat(now.value("netcat_joined_clients")).isEqualTo(2);
                assertThat(now.value("netcat_messages_total")).isEqualTo(3);
                assertThat(now.value("netcat_message_deliveries_total")).isEqualTo(6);
                // Once their replies are sent, each connection holds one thread, its reader: a sender exists
                // only while there is something to send.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(new Scrape(metricsPort).value("netcat_connection_virtual_threads")).isEqualTo(3));
                assertThat(now.value("netcat_rejected_frames_total{reason=\"unknown_command\",}")).isEqualTo(1);
                assertThat(now.value("netcat_rejected_frames_total{reason=\"not_joined\",}")).isEqualTo(1);
                assertThat(now.value("netcat_broadcast_latency_seconds_count")).isEqualTo(3);
                assertThat(now.value("netcat_received_bytes_total")).isGreaterThan(40);
                assertThat(now.value("netcat_sent_bytes_total")).isGreaterThan(1000);
                assertThat(now.value("netcat_history_writable")).isEqualTo(1);
                assertThat(now.text()).contains("jvm_memory_bytes_used", "jvm_threads_current");
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Scrape after = new Scrape(metricsPort);
                assertThat(after.value("netcat_active_connections")).isZero();
                assertThat(after.value("netcat_joined_clients")).isZero();
                assertThat(after.value("netcat_connection_virtual_threads")).isZero();
                assertThat(after.value("netcat_connections_total")).isEqualTo(3);
            });
        }
    }

    /** One GET of /metrics, read the way Prometheus would. */
    record Scrape(String text) {
        Scrape(int port) {
            this(get(port));
        }

        double value(String series) {
            Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
            assertThat(m.find()).as("series %s in%n%s", series, text).isTrue();
            return Double.parseDouble(m.group(1));
        }

        private static String get(int port) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                return response.body();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void roomsAndPrivateMessagesAreCountedWithoutARoomLabel() {
        try (MeteredServer metered = MeteredServer.start(dir, "--name-rate", "0")) {
            WireClient alice = metered.joined("alice");
            WireClient bob = metered.joined("bob");
            alice.awaitLineContaining("bob has joined our chat");
            assertThat(alice.request("join#dev")).isEmpty();
            alice.awaitLineContaining("#dev alice has joined #dev");
            assertThat(bob.request("join#dev")).isEmpty();
            bob.awaitLineContaining("#dev bob has joined #dev");
            metered.awaitMetric("netcat_open_rooms", 1);
            alice.send("tell#dev hello room");
            bob.awaitLineContaining("#dev[alice]:hello room");
            alice.send("tell bob psst");
            bob.awaitLineContaining("*[alice>bob]:psst");
            metered.awaitMetric("netcat_room_joins_total", 2);
            metered.awaitMetric("netcat_room_messages_total", 1);
            metered.awaitMetric("netcat_room_message_deliveries_total", 2);
            metered.awaitMetric("netcat_private_messages_total", 1);
            assertThat(metered.metric("netcat_messages_total")).as("lobby messages only").isZero();
            assertThat(MeteredServer.scrape(metered.metricsPort()).keySet())
                    .as("no series names a room").noneMatch(series -> series.contains("dev"));
            bob.send("quit");
            bob.awaitClosed();
            alice.send("part#dev");
            metered.awaitMetric("netcat_open_rooms", 0);
            alice.close();
        }
    }
}
