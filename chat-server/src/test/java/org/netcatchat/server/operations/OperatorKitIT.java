package org.netcatchat.server.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.TestCertificate;
import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.PrometheusProcess;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator kit in {@code deploy/} against real tools: {@code promtool} checks the alert rules, a real
 * Prometheus scrapes a live server and evaluates every expression of the Grafana dashboard (each must return
 * data) and every alert rule (each must evaluate without error and name only metrics the server exports),
 * and {@code systemd-analyze verify} reads the unit without a warning where systemd is installed.
 */
class OperatorKitIT {
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/netcat-chat.json");
    private static final Path ALERTS = DEPLOY.resolve("prometheus/netcat-chat-alerts.yml");
    private static final Path CLUSTER_ALERTS = DEPLOY.resolve("prometheus/netcat-chat-cluster-alerts.yml");
    private static final Path UNIT = DEPLOY.resolve("systemd/netcat-chat.service");
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Pattern METRIC = Pattern.compile("\\b((?:netcat|jvm|process)_[a-z_]+|up)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A metric name and, when it has one, its label selector: {@code name{labels}}. */
    private static final Pattern SELECTOR = Pattern.compile("\\b((?:netcat|jvm|process)_[a-z_]+|up)\\b(?:\\{([^}]*)\\})?");

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        Result result = run(List.of(tool("promtool"), "check", "rules", ALERTS.toString(), CLUSTER_ALERTS.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void prometheusEvaluatesEveryDashboardExpressionAndEveryAlertRuleAgainstALiveServer() throws Exception {
        tool("prometheus");
        int metricsPort = FreePort.pick();
        // With TLS, so that the certificate-expiry rule names a metric the server exports (without TLS the series
        // is absent and that rule matches nothing).
        TestCertificate certificate = TestCertificate.create(dir, "kit");
        try (ServerProcess server = ServerProcess.start(dir, "--metrics-port", Integer.toString(metricsPort),
                "--metrics-bind", "127.0.0.1", "--tls-port", "0", "--tls-cert", certificate.certificate().toString(),
                "--tls-key", certificate.key().toString());
             WireClient alice = WireClient.connect(server.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            for (int i = 0; i < 5; i++) {
                alice.request("text message " + i);
            }
            alice.request("frob"); // a rejected frame, so the by-reason series move
            try (PrometheusProcess prometheus = PrometheusProcess.start(dir.resolve("prometheus"),
                    port -> config(ALERTS, metricsPort, port))) {
                String api = prometheus.api();
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
                        .until(() -> vector(prometheus, api, "up{job=\"netcat-chat\"} == 1").size() == 1
                                && vector(prometheus, api, "up{job=\"prometheus\"} == 1").size() == 1);

                List<String> expressions = dashboardExpressions();
                assertThat(expressions).hasSizeGreaterThanOrEqualTo(12);
                String instance = "127.0.0.1:" + metricsPort;
                for (String template : expressions) {
                    // what Grafana sends with the job netcat-chat and "All" instances picked
                    String expression = template.replace("$job", "netcat-chat").replace("$instance", ".+");
                    List<JsonNode> series = new ArrayList<>();
                    await(expression).atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
                        series.clear();
                        series.addAll(vector(prometheus, api, expression));
                        return !series.isEmpty();
                    });
                    // Prometheus scrapes itself too (a second JVM-less job with process_ metrics): no panel shows it
                    assertThat(series).as("the series of %s", expression)
                            .allSatisfy(sample -> assertThat(sample.path("metric").path("instance").asText()).isEqualTo(instance));
                }

                Set<String> exported = exportedMetricNames(prometheus, api);
                List<JsonNode> rules = new ArrayList<>();
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
                    rules.clear();
                    JSON.readTree(prometheus.get(api + "rules")).path("data").path("groups")
                            .forEach(group -> group.path("rules").forEach(rules::add));
                    return rules.size() == 8 && rules.stream().allMatch(rule -> !rule.path("lastEvaluation").asText()
                            .startsWith("0001-"));
                });
                for (JsonNode rule : rules) {
                    String query = rule.path("query").asText();
                    assertThat(rule.path("health").asText()).as("%s: %s", query, rule.path("lastError").asText())
                            .isEqualTo("ok");
                    assertThat(metricNames(query)).as("metrics named by %s", query).isNotEmpty().isSubsetOf(exported);
                }
            }
        }
    }

    /** The cluster's rules against a live cluster node on a real Redis: each evaluates, naming only its metrics. */
    @Test
    void prometheusEvaluatesEveryClusterAlertRuleAgainstALiveClusterNode() throws Exception {
        tool("prometheus");
        int metricsPort = FreePort.pick();
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
             ServerProcess node = ServerProcess.start(dir.resolve("node"), "--cluster", redis.uri(),
                     "--metrics-port", Integer.toString(metricsPort), "--metrics-bind", "127.0.0.1");
             WireClient alice = WireClient.connect(node.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            alice.send("text hello");
            alice.awaitLineContaining("[alice]:hello");
            try (PrometheusProcess prometheus = PrometheusProcess.start(dir.resolve("prometheus"),
                    port -> config(CLUSTER_ALERTS, metricsPort, port))) {
                String api = prometheus.api();
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
                        .until(() -> vector(prometheus, api, "up{job=\"netcat-chat\"} == 1").size() == 1);
                Set<String> exported = exportedMetricNames(prometheus, api);
                int expected = expressionsIn(CLUSTER_ALERTS).size();
                List<JsonNode> rules = new ArrayList<>();
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
                    rules.clear();
                    JSON.readTree(prometheus.get(api + "rules")).path("data").path("groups")
                            .forEach(group -> group.path("rules").forEach(rules::add));
                    return rules.size() == expected && rules.stream().allMatch(rule -> !rule.path("lastEvaluation")
                            .asText().startsWith("0001-"));
                });
                for (JsonNode rule : rules) {
                    String query = rule.path("query").asText();
                    assertThat(rule.path("health").asText()).as("%s: %s", query, rule.path("lastError").asText())
                            .isEqualTo("ok");
                    assertThat(metricNames(query)).as("metrics named by %s", query).isNotEmpty().isSubsetOf(exported);
                }
            }
        }
    }

    @Test
    void everyDashboardSelectorPicksTheChosenJobAndInstancesAndEveryJvmAlertOnlyNetcatChat() throws Exception {
        for (String expression : dashboardExpressions()) {
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                assertThat(selector.group(2)).as("%s in %s", selector.group(1), expression)
                        .contains("job=\"$job\"").contains("instance=~\"$instance\"");
            }
        }
        List<String> rules = new ArrayList<>(alertExpressions());
        rules.addAll(expressionsIn(CLUSTER_ALERTS));
        for (String rule : rules) {
            Matcher selector = SELECTOR.matcher(rule);
            while (selector.find()) {
                if (!selector.group(1).startsWith("netcat_")) { // the JVM's and the process' metrics: any Java service has them
                    assertThat(selector.group(2)).as("%s in %s", selector.group(1), rule).contains("job=\"netcat-chat\"");
                }
            }
        }
    }

    @Test
    void systemdAcceptsTheUnitWithoutAWarning() throws Exception {
        assumeThat(Path.of("/usr/bin/systemd-analyze")).as("systemd-analyze is installed").isExecutable();
        Path image = unpackServerImage();
        Path unit = dir.resolve("netcat-chat.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/opt/netcat-chat", image.toString()));

        Result result = run(List.of("systemd-analyze", "verify", unit.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("warnings").isEmpty();
    }

    private List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        JSON.readTree(DASHBOARD.toFile()).path("panels")
                .forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }

    /** The {@code expr} of every alert rule, as the file has them. */
    private static List<String> alertExpressions() throws IOException {
        return expressionsIn(ALERTS);
    }

    private static List<String> expressionsIn(Path rules) throws IOException {
        List<String> expressions = new ArrayList<>();
        Matcher expr = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$").matcher(Files.readString(rules));
        while (expr.find()) {
            expressions.add(expr.group(1));
        }
        assertThat(expressions).as("alert expressions in %s", rules).isNotEmpty();
        return expressions;
    }

    private Set<String> exportedMetricNames(PrometheusProcess prometheus, String api) throws Exception {
        Set<String> names = new TreeSet<>();
        vector(prometheus, api, "count by (__name__) ({job=\"netcat-chat\"})")
                .forEach(sample -> names.add(sample.path("metric").path("__name__").asText()));
        names.add("up");
        return names;
    }

    private static Set<String> metricNames(String query) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(query);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<JsonNode> vector(PrometheusProcess prometheus, String api, String expression) throws Exception {
        JsonNode answer = JSON.readTree(prometheus.get(api + "query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)));
        assertThat(answer.path("status").asText()).as("%s: %s", expression, answer).isEqualTo("success");
        List<JsonNode> samples = new ArrayList<>();
        answer.path("data").path("result").forEach(samples::add);
        return samples;
    }

    /** Scrapes the server and Prometheus itself every second, and evaluates the alert rules every second. */
    private static String config(Path rules, int metricsPort, int prometheusPort) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: netcat-chat
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                  - job_name: prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(rules, metricsPort, prometheusPort);
    }

    private Path unpackServerImage() throws IOException, InterruptedException {
        Path image = Path.of(System.getProperty("netcatchat.server.image"));
        Path into = Files.createDirectories(dir.resolve("image"));
        Result tar = run(List.of("tar", "-xzf", image.toString(), "-C", into.toString()));
        assertThat(tar.exitCode()).as(tar.output()).isZero();
        try (var top = Files.list(into)) {
            return top.findFirst().orElseThrow();
        }
    }

    /** Fails (never skips) when the tool is missing: .ci/run installs it (Debian package prometheus). */
    private static String tool(String name) {
        Path path = Path.of("/usr/bin", name);
        if (!Files.isExecutable(path)) {
            fail("%s is not installed: apt-get install prometheus", name);
        }
        return path.toString();
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "tool", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Result(process.exitValue(), Files.readString(output).strip());
    }
}
