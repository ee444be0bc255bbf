package org.netcatchat.server.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a node reaches a Redis that wants more than a TCP connection (issue 19): a password in the address
 * ({@code redis://:PASSWORD@HOST:PORT}), which no log line or error shows, and TLS ({@code rediss://}) to a real
 * {@code redis-server --tls-port}, whose certificate the node checks against the JVM's trust store.
 */
@Timeout(180)
class ClusterRedisAccessIT {
    private static final String PASSWORD = "s3cret-of-the-redis";

    @TempDir
    Path dir;

    @Test
    void aPasswordInTheRedisAddressIsUsedAndNeverLoggedNorShownInAnError() {
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
        try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            admin.configSet("requirepass", PASSWORD); // after start: RedisProcess' readiness PING has no password
        }
        String address = "127.0.0.1:" + redis.port();
        try (Cluster cluster = Cluster.start(redis, "redis://:" + PASSWORD + "@" + address, dir, 1);
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna")) {
            anna.send("text hello");
            Cluster.linesUntilReplies(anna, 1, line -> line.endsWith("[anna]:hello"));
            assertThat(output(cluster.node(0))).noneMatch(line -> line.contains(PASSWORD))
                    .anyMatch(line -> line.contains("cluster node") && line.contains("redis://***@" + address))
                    .anyMatch(line -> line.contains("the Redis stream netcat:log on redis://***@" + address));

            // A wrong password: the node does not start, and says so without the password it was given.
            ServerProcess wrong = ServerProcess.launch(dir.resolve("wrong"), List.of("0", "--bind", "127.0.0.1",
                    "--metrics-port", "0", "--cluster", "redis://:wrong-" + PASSWORD + "@" + address));
            assertThat(wrong.awaitExit()).isNotZero();
            assertThat(output(wrong)).noneMatch(line -> line.contains(PASSWORD))
                    .anyMatch(line -> line.contains("redis://***@" + address));
        }
    }

    @Test
    void aNodeReachesRedisOverTlsWithRedissAndRefusesACertificateItDoesNotTrustOrOfAnotherHost() throws Exception {
        Path tls = dir.resolve("tls");
        java.nio.file.Files.createDirectories(tls);
        run(tls, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        run(tls, "keytool", "-importcert", "-noprompt", "-alias", "redis", "-file", "cert.pem", "-keystore",
                "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        int tlsPort = FreePort.pick();
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE,
                "--tls-port", Integer.toString(tlsPort), "--tls-cert-file", tls.resolve("cert.pem").toString(),
                "--tls-key-file", tls.resolve("key.pem").toString(),
                "--tls-ca-cert-file", tls.resolve("cert.pem").toString(), "--tls-auth-clients", "no");
        String uri = "rediss://127.0.0.1:" + tlsPort;
        try (redis) {
            List<String> args = List.of("0", "--bind", "127.0.0.1", "--metrics-port", "0", "--cluster", uri);
            ServerProcess untrusting = ServerProcess.launch(dir.resolve("untrusting"), args);
            assertThat(untrusting.awaitExit()).as("a node without the certificate in its trust store").isNotZero();
            assertThat(output(untrusting)).anyMatch(line -> line.contains("cannot reach Redis at " + uri));

            Map<String, String> trusting = Map.of("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore="
                    + tls.resolve("trust.p12") + " -Djavax.net.ssl.trustStorePassword=changeit");
            ServerProcess otherHost = ServerProcess.launch(dir.resolve("other-host"), List.of("0", "--bind",
                    "127.0.0.1", "--metrics-port", "0", "--cluster", "rediss://localhost:" + tlsPort), trusting);
            assertThat(otherHost.awaitExit()).as("a trusted certificate for 127.0.0.1, not for localhost").isNotZero();
            assertThat(output(otherHost)).anyMatch(line -> line.contains("No name matching localhost"));

            try (ServerProcess node = ServerProcess.launch(dir.resolve("node"), args, trusting).awaitListening();
                 WireClient anna = Cluster.joined(node.port(), "anna")) {
                anna.send("text over tls");
                Cluster.linesUntilReplies(anna, 1, line -> line.endsWith("[anna]:over tls"));
                try (Jedis plain = new Jedis("127.0.0.1", redis.port())) { // the same Redis, its plain port
                    assertThat(plain.xrange(Cluster.KEY, "-", "+")).anyMatch(
                            entry -> entry.getFields().get("line").endsWith("[anna]:over tls"));
                }
                assertThat(output(node)).anyMatch(line -> line.contains("the Redis stream netcat:log on " + uri));
            }
        }
    }

    private static List<String> output(ServerProcess node) {
        List<String> lines = new ArrayList<>(node.stderr());
        lines.addAll(node.stdout());
        return lines;
    }

    /** A tool to its end; fails on a non-zero exit. */
    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }
}
