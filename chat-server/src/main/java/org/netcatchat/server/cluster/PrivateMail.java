package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.chat.Conversations;
import org.netcatchat.server.chat.OtherNodes;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outgoing;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Private messages between nodes, through Redis pub/sub, which stores nothing: each node listens on its own
 * channel, {@code PREFIX:mail:NODE}. To send, a node reads the receiver's name lease (which node, which
 * connection, which spelling), renders the line and publishes {@code ask ID FROM CONNECTION NAME} + LF + the line
 * to that node's channel; that node queues it to the receiver if it is still attached under that name, and
 * answers {@code told ID 1} (queued) or {@code told ID 0} (nobody) on the sender's channel. The sender ACKs, and
 * echoes the line to its member, only after a {@code told ID 1}: nothing is ACKed that was not queued.
 *
 * <p>One virtual thread per node holds the subscription (a connection of its own), resubscribing with backoff
 * when Redis goes away; {@link #ping} (every lease refresh) keeps its connection's reads within their timeout.
 * A publish that no node listens to, or no answer within {@link #ANSWER_WAIT}, is an error for the sender,
 * never a silent loss. Thread-safe.
 */
final class PrivateMail implements OtherNodes {
    private static final System.Logger LOG = System.getLogger(PrivateMail.class.getName());
    /** How long a sender waits for the receiver's node to answer: a round trip is well under a millisecond. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(2);
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(5);

    private final SharedLog connections;
    private final RedisClient redis;
    private final NameLeases names;
    private final String keyPrefix;
    private final String nodeId;
    private final ServerEvents events;
    /** A message's line comes from a channel anything can publish on: one clean line, as a stream entry's. */
    private final EntryLines lines;
    private final Map<Long, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong asked = new AtomicLong();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    /** Set once by {@link #start}. */
    private volatile Conversations conversations;
    private volatile JedisPubSub current;
    private volatile boolean stopping;

    PrivateMail(SharedLog connections, NameLeases names, String keyPrefix, String nodeId, EntryLines lines,
                ServerEvents events) {
        this.connections = connections;
        this.lines = lines;
        this.redis = connections.redis();
        this.names = names;
        this.keyPrefix = keyPrefix;
        this.nodeId = nodeId;
        this.events = events;
        this.thread = Thread.ofVirtual().name("cluster-mail").unstarted(this::run);
    }

    /** Subscribes, waiting a few seconds for it, so that messages to this node's first members find it. */
    void start(Conversations conversations) {
        this.conversations = conversations;
        thread.start();
        try {
            if (!subscribed.await(SUBSCRIBE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "not subscribed to {0} within {1}; private messages from other"
                        + " nodes reach this one once it is", channel(nodeId), SUBSCRIBE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Outgoing.Line> tell(ChatName to, Function<ChatName, Outgoing.Line> render) throws IOException {
        Optional<NameLeases.Holder> holder;
        try {
            holder = names.holder(to);
        } catch (JedisException e) {
            events.redisFailed();
            throw new IOException("Redis: " + e.getMessage(), e);
        }
        if (holder.isEmpty() || holder.get().node().equals(nodeId)) {
            return Optional.empty(); // nobody, or someone here who is not attached yet (or any more)
        }
        Outgoing.Line line = render.apply(holder.get().name());
        long id = asked.incrementAndGet();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            String text = new String(line.bytes(), 0, line.bytes().length - 1, StandardCharsets.UTF_8); // without LF
            long listening = redis.publish(channel(holder.get().node()), "ask " + id + " " + nodeId + " "
                    + holder.get().connection() + " " + holder.get().name().display() + "\n" + text);
            if (listening == 0) {
                throw new IOException("the node of " + to + " is not listening");
            }
            return answer.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(line) : Optional.empty();
        } catch (JedisException e) {
            events.redisFailed();
            throw new IOException("Redis: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("the node of " + to + " did not answer within " + ANSWER_WAIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            waiting.remove(id);
        }
    }

    /** Every lease refresh: a PING over the subscription, so its connection never sits silent past its timeout. */
    void ping() {
        JedisPubSub subscription = current;
        if (subscription != null && subscription.isSubscribed()) {
            try {
                subscription.ping();
            } catch (JedisException e) {
                LOG.log(System.Logger.Level.WARNING, "pinging {0}: {1}", channel(nodeId), e.toString());
            }
        }
    }

    void stop() {
        stopping = true;
        stopped.countDown();
        JedisPubSub subscription = current;
        if (subscription != null && subscription.isSubscribed()) {
            try {
                subscription.unsubscribe();
            } catch (JedisException e) {
                // its connection is gone already: the thread ends on its own
            }
        }
        try {
            if (!thread.join(Duration.ofMillis(SharedLog.FOLLOW_TIMEOUT_MILLIS))) {
                LOG.log(System.Logger.Level.WARNING, "the private mail subscription did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(stopped);
        while (!stopping) {
            Subscription subscription = new Subscription();
            current = subscription;
            try (Jedis connection = connections.followConnection()) {
                if (stopping) {
                    return;
                }
                connection.subscribe(subscription, channel(nodeId)); // returns when unsubscribed
            } catch (JedisException e) {
                if (stopping) {
                    return;
                }
                if (subscription.confirmed) {
                    backoff.reset(); // it was subscribed until now: try again soon
                }
                events.redisFailed();
                LOG.log(System.Logger.Level.WARNING, "subscription to {0} lost ({1}); subscribing again",
                        channel(nodeId), e.toString());
                stopping |= !backoff.pause();
            } catch (RuntimeException e) { // a bug: log it, keep listening
                LOG.log(System.Logger.Level.ERROR, "the private mail subscription failed unexpectedly", e);
                stopping |= !backoff.pause();
            }
        }
    }

    private String channel(String node) {
        return keyPrefix + ":mail:" + node;
    }

    /** What arrives on this node's channel; a message not written by a node is passed over. */
    private final class Subscription extends JedisPubSub {
        /** Set on the subscribing thread once Redis confirmed the subscription. */
        private boolean confirmed;

        @Override
        public void onSubscribe(String channel, int count) {
            confirmed = true;
            subscribed.countDown();
        }

        @Override
        public void onMessage(String channel, String message) {
            try {
                if (message.startsWith("ask ")) {
                    ask(message);
                } else if (message.startsWith("told ")) {
                    told(message);
                }
            } catch (RuntimeException e) { // a malformed message, or Redis failing under the answer
                LOG.log(System.Logger.Level.WARNING, "a private mail message was passed over: {0}", e.toString());
            }
        }

        /** {@code ask ID FROM CONNECTION NAME} LF line: queue it to that member, and answer the sender's node. */
        private void ask(String message) {
            int newline = message.indexOf('\n');
            String[] head = message.substring(0, newline).split(" ");
            if (head.length != 5 || !(ChatName.parse(head[4]) instanceof ChatName.Result.Valid(ChatName to))) {
                return;
            }
            Outgoing.Line line = new Outgoing.Line(lines.of(message.substring(newline + 1)));
            boolean queued = conversations.tellHere(Long.parseLong(head[3]), to, line);
            redis.publish(channel(head[2]), "told " + head[1] + " " + (queued ? "1" : "0"));
        }

        /** {@code told ID 1|0}: the answer a sender on this node waits for. */
        private void told(String message) {
            String[] parts = message.split(" ");
            if (parts.length == 3) {
                CompletableFuture<Boolean> answer = waiting.get(Long.parseLong(parts[1]));
                if (answer != null) {
                    answer.complete("1".equals(parts[2]));
                }
            }
        }
    }
}
