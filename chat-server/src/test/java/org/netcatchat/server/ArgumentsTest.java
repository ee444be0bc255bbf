package org.netcatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.server.history.FsyncPolicy;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentsTest {
    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        assertThat(TestServer.parse()).isEqualTo(ServerOptions.defaults());
        ServerOptions defaults = ServerOptions.defaults();
        assertThat(defaults.port()).isEqualTo(8989);
        assertThat(defaults.metricsPort()).isEqualTo(2112);
        assertThat(defaults.historyFile()).isEqualTo(Path.of("history.txt"));
        assertThat(defaults.maxConnections()).isEqualTo(10);
        assertThat(defaults.fsync()).isEqualTo(FsyncPolicy.BATCH);
        assertThat(defaults.loginTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.rateLimit()).isEqualTo(20);
        assertThat(defaults.rateBurst()).isEqualTo(40);
        assertThat(defaults.maxQueueBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.maxConnectionsPerAddress()).isEqualTo(5);
        assertThat(defaults.connectionRate()).isEqualTo(30);
        assertThat(defaults.connectionBurst()).isEqualTo(10);
        assertThat(defaults.nameRate()).isEqualTo(6);
        assertThat(defaults.nameBurst()).isEqualTo(10);
        assertThat(defaults.plain()).isTrue();
        assertThat(defaults.tls()).isEmpty();
    }

    @Test
    void tlsTakesPortCertificateAndKeyTogether() {
        ServerOptions options = TestServer.parse("--tls-port", "8990", "--tls-cert", "fullchain.pem", "--tls-key", "privkey.pem",
                "--no-plain");
        assertThat(options.tls()).contains(new ServerOptions.Tls(8990, Path.of("fullchain.pem"), Path.of("privkey.pem")));
        assertThat(options.plain()).isFalse();

        assertThatThrownBy(() -> TestServer.parse("--tls-port", "8990", "--tls-cert", "fullchain.pem"))
                .hasMessageContaining("TLS needs all three of --tls-port, --tls-cert and --tls-key");
        assertThatThrownBy(() -> TestServer.parse("--no-plain"))
                .hasMessageContaining("--no-plain needs --tls-port");
    }

    @Test
    void clusterTakesARedisUriAndAKeyPrefix() {
        assertThat(ServerOptions.defaults().cluster()).isEmpty();
        assertThat(TestServer.parse("--cluster", "redis://10.0.0.5:6380").cluster())
                .contains(new ServerOptions.Cluster(java.net.URI.create("redis://10.0.0.5:6380"), "netcat", 0));
        assertThat(TestServer.parse("--cluster", "redis://redis.internal:6379/2", "--cluster-key", "team-a").cluster())
                .contains(new ServerOptions.Cluster(java.net.URI.create("redis://redis.internal:6379/2"), "team-a", 0));
        assertThat(TestServer.parse("--cluster", "redis://10.0.0.5:6380", "--history-max-lines", "100000").cluster())
                .contains(new ServerOptions.Cluster(java.net.URI.create("redis://10.0.0.5:6380"), "netcat", 100_000));

        assertThatThrownBy(() -> TestServer.parse("--history-max-lines", "100"))
                .hasMessageContaining("--history-max-lines needs --cluster");
        assertThatThrownBy(() -> TestServer.parse("--cluster", "redis://10.0.0.5:6379", "--history-max-lines", "-1"))
                .hasMessageContaining("--history-max-lines must be 0");
        assertThatThrownBy(() -> TestServer.parse("--cluster", "http://10.0.0.5:6379"))
                .hasMessageContaining("--cluster takes redis://HOST:PORT[/DB]");
        assertThat(TestServer.parse("--cluster", "rediss://:s3cret@redis.internal:6380/1").cluster()).get()
                .satisfies(cluster -> assertThat(cluster.tls()).isTrue())
                .satisfies(cluster -> assertThat(cluster.shown()).isEqualTo("rediss://***@redis.internal:6380/1"))
                .satisfies(cluster -> assertThat(cluster.toString()).doesNotContain("s3cret"));
        assertThat(ServerOptions.Cluster.shown(java.net.URI.create("redis://user:pw@10.0.0.5:6379")))
                .isEqualTo("redis://***@10.0.0.5:6379");
        assertThat(ServerOptions.Cluster.shown(java.net.URI.create("redis://10.0.0.5:6379"))).isEqualTo("redis://10.0.0.5:6379");
        assertThatThrownBy(() -> TestServer.parse("--cluster", "http://:s3cret@10.0.0.5:6379")) // never in a message
                .hasMessageContaining("'http://***@10.0.0.5:6379'").message().doesNotContain("s3cret");
        assertThatThrownBy(() -> TestServer.parse("--cluster", "redis://10.0.0.5"))
                .hasMessageContaining("--cluster takes redis://HOST:PORT[/DB]");
        assertThatThrownBy(() -> TestServer.parse("--cluster", "redis://10.0.0.5:6379/x"))
                .hasMessageContaining("the database after the port is a number");
        assertThatThrownBy(() -> TestServer.parse("--cluster", "redis://10.0.0.5:6379", "--cluster-key", "a b"))
                .hasMessageContaining("--cluster-key takes printable ASCII");
    }

    @Test
    void zeroTurnsEachLimitPerAddressOff() {
        ServerOptions options = TestServer.parse("--max-connections-per-ip", "0", "--connection-rate", "0", "--name-rate", "0",
                "--address-rate-limit", "0", "--room-creations-per-minute", "0");
        assertThat(options.addressLimits()).isEqualTo(new org.netcatchat.server.address.AddressLimits.Settings(
                0, 0, 10, 0, 10, 20, 40, 0, 120, 0));
        assertThat(TestServer.parse("--rate-limit", "0").addressLimits()).as("no flood limit at all, no ceiling either")
                .isEqualTo(new org.netcatchat.server.address.AddressLimits.Settings(5, 30, 10, 6, 10, 0, 40, 0, 120, 10));
        assertThat(TestServer.parse().addressLimits()).as("the defaults").isEqualTo(
                new org.netcatchat.server.address.AddressLimits.Settings(5, 30, 10, 6, 10, 20, 40, 60, 120, 10));
        assertThat(TestServer.parse().rooms()).as("the room limits' defaults")
                .isEqualTo(new org.netcatchat.server.chat.RoomLimits(20, 1000, 10));
        assertThatThrownBy(() -> TestServer.parse("--max-rooms", "0")).hasMessageContaining("--max-rooms");
        assertThatThrownBy(() -> TestServer.parse("--max-rooms-per-member", "0")).hasMessageContaining("--max-rooms-per-member");
        assertThatThrownBy(() -> TestServer.parse("--room-creations-per-minute", "-1"))
                .hasMessageContaining("--room-creations-per-minute");
        assertThatThrownBy(() -> TestServer.parse("--connection-rate", "-1")).hasMessageContaining("connection rate");
        assertThatThrownBy(() -> TestServer.parse("--name-burst", "0")).hasMessageContaining("name burst");
        assertThatThrownBy(() -> TestServer.parse("--address-rate-limit", "-1")).hasMessageContaining("address rate limit");
        assertThatThrownBy(() -> TestServer.parse("--address-rate-burst", "0")).hasMessageContaining("address rate burst");
    }

    @ParameterizedTest
    @CsvSource({"30, 30000", "0.5, 500", "500ms, 500", "2m, 120000", "1h, 3600000", "0, 0"})
    void timesArePlainSecondsOrCarryAUnit(String text, long millis) {
        assertThat(new Arguments.Seconds().convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "64k, 65536", "1MiB, 1048576", "2M, 2097152", "1g, 1073741824"})
    void sizesArePlainBytesOrCarryAUnit(String text, long bytes) {
        assertThat(new Arguments.ByteSize().convert(text)).isEqualTo(bytes);
    }

    @Test
    void aLaterOptionOverridesAnEarlierOne() {
        assertThat(TestServer.parse("--max-connections", "3", "--max-connections", "4").maxConnections()).isEqualTo(4);
    }

    @Test
    void valuesOutOfRangeAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TestServer.parse("--max-connections", "0"))
                .hasMessageContaining("max connections must be from 1");
        assertThatThrownBy(() -> TestServer.parse("--rate-limit", "-1"))
                .hasMessageContaining("rate limit");
        assertThatThrownBy(() -> TestServer.parse("--max-queue-bytes", "10"))
                .hasMessageContaining("max queue bytes must be at least 18432 with max line bytes 4096");
        assertThatThrownBy(() -> TestServer.parse("--max-queue-bytes", "18431"))
                .hasMessageContaining("at least 18432");
        assertThat(TestServer.parse("--max-queue-bytes", "18432").maxQueueBytes()).isEqualTo(18432);
        assertThat(TestServer.parse("--max-line-bytes", "1024", "--max-queue-bytes", "6k").maxQueueBytes()).isEqualTo(6144);
        assertThatThrownBy(() -> TestServer.parse("--login-timeout", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    /** Picocli broke lines after dots, slashes and colons: {@code privkey.} / {@code pem}, {@code http:} / {@code //host...}. */
    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {80, 72, 60, 100})
    void helpNeverBreaksAUrlAFileNameOrANumberFromItsUnit(int width) {
        String help = Arguments.commandLine().setUsageHelpAutoWidth(false).setUsageHelpWidth(width).getUsageMessage();
        List<String> lines = help.lines().toList();

        assertThat(lines.getFirst()).isEqualTo("Usage: java --enable-preview -jar chat-server.jar [port] [options]");
        for (String whole : List.of("http://host:2112/metrics.", "privkey.pem)", "fullchain.pem).", "history.txt.1);",
                "1 MiB).", "1 GiB", "redis[s]://[[USER]:PASSWORD@]HOST:PORT[/DB]", "127.0.0.1", "--history-max-bytes.")) {
            assertThat(lines).as("%s on one line at width %d:%n%s", whole, width, help).anyMatch(line -> line.contains(whole));
        }
        assertThat(lines).as("no line past the width but a lone long word").allMatch(line -> line.length() <= width
                || !line.strip().contains(" ") || line.startsWith("Usage:"));
        assertThat(help).contains("  -h, --help                 Show this help and exit.")
                .contains("      [port]                 Chat port (default 8989; 0")
                .contains("      --max-queue-bytes=BYTES\n                             Bytes waiting for one client")
                .doesNotContain("\u00A0");
    }

    @Test
    void aQueueTooLargeToEverDropASlowClientIsRefusedWithTheRange() {
        assertThatThrownBy(() -> TestServer.parse("--max-queue-bytes", "9999999999999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max queue bytes must be from 18432 to 1073741824 (1 GiB), got 9999999999999");
        assertThatThrownBy(() -> TestServer.parse("--max-queue-bytes", "1073741825"))
                .hasMessageContaining("to 1073741824");
        assertThat(TestServer.parse("--max-queue-bytes", "1GiB").maxQueueBytes()).isEqualTo(1L << 30);
        assertThat(TestServer.parse("--max-line-bytes", "16MiB", "--max-queue-bytes", "64MiB", "--max-queue-bytes", "1g")
                .maxQueueBytes()).as("the largest line limit still has room below the bound").isEqualTo(1L << 30);
    }

    @Test
    void aTrustedProxyIsAnAddressOrANetworkNeverAName() {
        assertThat(TestServer.parse("--proxy-from", "127.0.0.1", "--proxy-from", "fd00::/8").proxies().toString())
                .isEqualTo("[127.0.0.1, fd00::/8]");
        assertThatThrownBy(() -> TestServer.parse("--proxy-from", "haproxy.internal"))
                .hasMessageContaining("--proxy-from takes an IP address or ADDR/BITS, not 'haproxy.internal'");
    }
}
