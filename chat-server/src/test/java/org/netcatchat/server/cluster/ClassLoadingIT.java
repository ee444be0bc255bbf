package org.netcatchat.server.cluster;

import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerJar;
import org.netcatchat.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Without --cluster nothing Redis-related is loaded": the real jar with the JVM's class-loading log, a client
 * session, a stop; the log must name no class of Jedis or of the cluster package. With {@code --cluster} the
 * same log names them, which shows the check can fail.
 */
@Timeout(120)
class ClassLoadingIT {
    @TempDir
    Path dir;

    @Test
    void aSingleNodeLoadsNoClassOfJedisOrOfTheClusterPackage() throws IOException {
        List<String> loaded = classesLoadedBy(dir.resolve("single"));

        assertThat(loaded).anyMatch(line -> line.contains("org.netcatchat.server.history.FileLog "));
        assertThat(loaded).noneMatch(line -> line.contains("redis.clients") || line.contains("org.netcatchat.server.cluster")
                || line.contains("org.slf4j"));
    }

    @Test
    void aClusterNodeLoadsThem() throws IOException {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE)) {
            List<String> loaded = classesLoadedBy(dir.resolve("node"), "--cluster", redis.uri());

            assertThat(loaded).anyMatch(line -> line.contains("org.netcatchat.server.cluster.ClusterNode "));
            assertThat(loaded).noneMatch(line -> line.contains("org.slf4j.jdk.platform.logging"));
            assertThat(loaded).anyMatch(line -> line.contains("org.netcatchat.server.cluster.SystemLoggerProvider "));
            assertThat(loaded).anyMatch(line -> line.contains("redis.clients.jedis."));
        }
    }

    private static List<String> classesLoadedBy(Path dir, String... extraArgs) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("classes.log");
        Path jar = dir.resolve("chat-server.jar");
        Files.copy(ServerJar.path(), jar);
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", ServerProcess.javaExecutable(),
                "-Xlog:class+load=info:file=" + log, "--enable-preview", "-jar", jar.toString(), "0",
                "--bind", "127.0.0.1", "--metrics-port", "0", "--history-file", dir.resolve("history.txt").toString()));
        command.addAll(List.of(extraArgs));
        try (ServerProcess server = ServerProcess.exec(dir, command, Map.of(), false).awaitListening();
             var client = org.netcatchat.testing.WireClient.connect(server.port())) {
            client.awaitGreeting();
            client.join("alice");
            client.send("text hello");
            client.awaitLineContaining("[alice]:hello");
            server.terminate();
            client.awaitClosed();
            assertThat(server.awaitExit()).isZero();
        }
        return Files.readAllLines(log);
    }
}
