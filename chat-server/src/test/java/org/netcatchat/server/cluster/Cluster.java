package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Real parts for the cluster tests: one {@link RedisProcess} and N server jars, each started with
 * {@code --cluster} to it, with the limits per address off (every test client comes from 127.0.0.1).
 * {@link #stream} reads the stream's lines back with Jedis, for comparing with what clients saw.
 */
final class Cluster implements AutoCloseable {
    static final String KEY = "netcat:log";

    final RedisProcess redis;
    /** What {@code --cluster} is given: the Redis's own address, or one with a password or another scheme. */
    final String uri;
    final List<ServerProcess> nodes = new ArrayList<>();

    private Cluster(RedisProcess redis, String uri) {
        this.redis = redis;
        this.uri = uri;
    }

    static Cluster start(Path dir, int nodes, String... extraArgs) {
        return start(RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE), dir, nodes, extraArgs);
    }

    /**
     * Nodes that each serve {@code /metrics} and {@code /readyz} on a free port of their own, on loopback: what the
     * shipped HAProxy configuration's checks ask ({@code HaproxyProcess.shipped}).
     */
    static Cluster startWithMetrics(Path dir, int nodes, String... extraArgs) {
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
        return start(redis, redis.uri(), dir, nodes, () -> withMetrics(extraArgs));
    }

    /** These arguments, and a free metrics port on loopback (asked anew each call). */
    static String[] withMetrics(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--metrics-port", Integer.toString(FreePort.pick()), "--metrics-bind", "127.0.0.1"));
        return all.toArray(String[]::new);
    }

    /** Nodes on a Redis the caller started (with the persistence it chose); closing the cluster stops it too. */
    static Cluster start(RedisProcess redis, Path dir, int nodes, String... extraArgs) {
        return start(redis, redis.uri(), dir, nodes, extraArgs);
    }

    /** Nodes given {@code uri} as {@code --cluster} (a password in it, say) on a Redis the caller started. */
    static Cluster start(RedisProcess redis, String uri, Path dir, int nodes, String... extraArgs) {
        return start(redis, uri, dir, nodes, () -> extraArgs);
    }

    /** Nodes each started with the arguments {@code argsOfNode} gives it (asked once a node). */
    private static Cluster start(RedisProcess redis, String uri, Path dir, int nodes, Supplier<String[]> argsOfNode) {
        Cluster cluster = new Cluster(redis, uri);
        try {
            for (int i = 0; i < nodes; i++) {
                cluster.addNode(dir.resolve("node" + (i + 1)), argsOfNode.get());
            }
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** One more node, in {@code dir}, started as the others were and awaited until it listens. */
    ServerProcess addNode(Path dir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--cluster", uri, "--rate-limit", "0",
                "--max-connections", "200", "--max-connections-per-ip", "0", "--connection-rate", "0",
                "--name-rate", "0"));
        args.addAll(List.of(extraArgs));
        ServerProcess node = ServerProcess.start(dir, args.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** The id a node logged at start ({@code cluster node 0f8b8607: following ...}): its part of every key it owns. */
    String nodeId(int index) {
        return node(index).stderr().stream()
                .map(line -> java.util.regex.Pattern.compile("cluster node ([0-9a-f]{8}):").matcher(line))
                .filter(java.util.regex.Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("node " + index + " logged no id: " + node(index).stderr()));
    }

    List<Integer> ports() {
        return nodes.stream().map(ServerProcess::port).toList();
    }

    /** Every line in the lobby's stream, oldest first (XRANGE - +). */
    List<String> stream() {
        return streamOf(KEY);
    }

    /** Every line in a named room's stream ({@code room} without its #), oldest first. */
    List<String> roomStream(String room) {
        return streamOf("netcat:room:" + room);
    }

    private List<String> streamOf(String key) {
        try (RedisClient client = RedisClient.create(redis.uri())) {
            return client.xrange(key, "-", "+").stream().map(StreamEntry::getFields)
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

    /**
     * Sends a command whose reply has no body (a join, a part) and fails on an {@code ERR}. Pushed lines that come
     * before its reply ends (another member's notice) are not part of it: they are returned, in order.
     */
    static List<String> ok(WireClient client, String command) {
        List<String> lines = client.request(command);
        if (lines.stream().anyMatch(line -> !line.startsWith("["))) {
            throw new AssertionError(command + " was answered " + lines);
        }
        return lines;
    }

    /**
     * The lines a client receives until it has had {@code replies} reply ends and a line that matches {@code last}:
     * in a cluster a client's own line comes back from the stream before or after its ACK.
     */
    static List<String> linesUntilReplies(WireClient client, int replies, Predicate<String> last) {
        List<String> lines = new ArrayList<>();
        int ends = 0;
        boolean seen = false;
        while (ends < replies || !seen) {
            Object event = client.next();
            if (event instanceof ServerStream.Line line) {
                lines.add(line.text());
                seen |= last.test(line.text());
            } else if (event instanceof ServerStream.EndOfReply) {
                ends++;
            } else {
                throw new AssertionError("connection closed; lines so far: " + lines);
            }
        }
        return lines;
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
