package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Real parts for the cluster tests: one {@link RedisProcess} and N server jars, each started with
 * {@code --cluster} to it, with the limits per address off (every test client comes from 127.0.0.1).
 * {@link #stream} reads the stream's lines back with Jedis, for comparing with what clients saw.
 */
final class Cluster implements AutoCloseable {
    static final String KEY = "netcat:log";

    final RedisProcess redis;
    final List<ServerProcess> nodes = new ArrayList<>();

    private Cluster(RedisProcess redis) {
        this.redis = redis;
    }

    static Cluster start(Path dir, int nodes, String... extraArgs) {
        return start(RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE), dir, nodes, extraArgs);
    }

    /** Nodes on a Redis the caller started (with the persistence it chose); closing the cluster stops it too. */
    static Cluster start(RedisProcess redis, Path dir, int nodes, String... extraArgs) {
        Cluster cluster = new Cluster(redis);
        try {
            for (int i = 0; i < nodes; i++) {
                List<String> args = new ArrayList<>(List.of("--cluster", cluster.redis.uri(), "--rate-limit", "0",
                        "--max-connections", "200", "--max-connections-per-ip", "0", "--connection-rate", "0",
                        "--name-rate", "0"));
                args.addAll(List.of(extraArgs));
                cluster.nodes.add(ServerProcess.start(dir.resolve("node" + (i + 1)), args.toArray(String[]::new)));
            }
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    ServerProcess node(int index) {
        return nodes.get(index);
    }

    List<Integer> ports() {
        return nodes.stream().map(ServerProcess::port).toList();
    }

    /** Every line in the stream, oldest first (XRANGE - +). */
    List<String> stream() {
        try (RedisClient client = RedisClient.create(redis.uri())) {
            return client.xrange(KEY, "-", "+").stream().map(StreamEntry::getFields)
                    .map(fields -> fields.get("line")).toList();
        }
    }

    /** A client on that port that has read the greeting and joined. */
    static WireClient joined(int port, String name) {
        WireClient client = WireClient.connect(port);
        client.awaitGreeting();
        client.join(name);
        return client;
    }

    /** The lines a client receives (reply ends skipped) up to and including the first that matches {@code last}. */
    static List<String> linesUntil(WireClient client, Predicate<String> last) {
        List<String> lines = new ArrayList<>();
        while (true) {
            Object event = client.next();
            if (event instanceof ServerStream.Line line) {
                lines.add(line.text());
                if (last.test(line.text())) {
                    return lines;
                }
            } else if (!(event instanceof ServerStream.EndOfReply)) {
                throw new AssertionError("connection closed; lines so far: " + lines);
            }
        }
    }

    /** The lines a client receives (reply ends skipped) until {@code messages} of them were messages ({@code [name]:}). */
    static List<String> linesUntilMessages(WireClient client, int messages) {
        int[] seen = {0};
        return linesUntil(client, line -> line.contains("]:") && ++seen[0] == messages);
    }

    @Override
    public void close() {
        for (ServerProcess node : nodes) {
            node.close();
        }
        redis.close();
    }
}
