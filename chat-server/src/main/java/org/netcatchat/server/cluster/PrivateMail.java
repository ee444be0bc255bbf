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
    private final Map<Long, CompletableFuture<Optional<String>>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong asked = new AtomicLong();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    /** Set once by {@link #start}. */
    private volatile Conversations conversations;
    /** Set once by {@link #takeOrders}; until then an order finds nobody here. */
    private volatile Orders orders = (connection, name, order) -> Optional.empty();
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
        Optional<NameLeases.Holder> holder = elsewhere(to);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        Outgoing.Line line = render.apply(holder.get().name());
        String text = new String(line.bytes(), 0, line.bytes().length - 1, StandardCharsets.UTF_8); // without LF
        return send("ask", to, holder.get(), text).map(queued -> line);
    }

    @Override
    public Optional<String> order(ChatName to, String order) throws IOException {
        Optional<NameLeases.Holder> holder = elsewhere(to);
        return holder.isEmpty() ? Optional.empty() : send("ordr", to, holder.get(), order);
    }

    @Override
    public void takeOrders(Orders orders) {
        this.orders = orders;
    }

    /** Who holds {@code to}'s name on another node; empty for nobody, or someone here not attached (any more). */
    private Optional<NameLeases.Holder> elsewhere(ChatName to) throws IOException {
        try {
            return names.holder(to).filter(holder -> !holder.node().equals(nodeId));
        } catch (JedisException e) {
            events.redisFailed();
            throw new IOException("Redis: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes {@code KIND ID FROM CONNECTION NAME} LF {@code body} to the holder's node and waits for its
     * {@code told}: its answer, or empty when the member was not attached there any more.
     */
    private Optional<String> send(String kind, ChatName to, NameLeases.Holder holder, String body) throws IOException {
        long id = asked.incrementAndGet();
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            long listening = redis.publish(channel(holder.node()), kind + " " + id + " " + nodeId + " "
                    + holder.connection() + " " + holder.name().display() + "\n" + body);
            if (listening == 0) {
                throw new IOException("the node of " + to + " is not listening");
            }
            return answer.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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

    /** The head of an {@code ask} or an {@code ordr}, and what follows its LF. */
    private record Asked(long id, String from, long connection, ChatName to, String body) {
        static Optional<Asked> parse(String message) {
            int newline = message.indexOf('\n');
            String[] head = message.substring(0, newline).split(" ");
            if (head.length != 5 || !(ChatName.parse(head[4]) instanceof ChatName.Result.Valid(ChatName to))) {
                return Optional.empty();
            }
            return Optional.of(new Asked(Long.parseLong(head[1]), head[2], Long.parseLong(head[3]), to,
                    message.substring(newline + 1)));
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
                } else if (message.startsWith("ordr ")) {
                    order(message);
                } else if (message.startsWith("told ")) {
                    told(message);
                }
            } catch (RuntimeException e) { // a malformed message, or Redis failing under the answer
                LOG.log(System.Logger.Level.WARNING, "a private mail message was passed over: {0}", e.toString());
            }
        }

        /** {@code ask ID FROM CONNECTION NAME} LF line: queue it to that member, and answer the sender's node. */
        private void ask(String message) {
            Optional<Asked> asked = Asked.parse(message);
            if (asked.isPresent()) {
                Outgoing.Line line = new Outgoing.Line(lines.of(asked.get().body()));
                boolean queued = conversations.tellHere(asked.get().connection(), asked.get().to(), line);
                redis.publish(channel(asked.get().from()), "told " + asked.get().id() + (queued ? " 1" : " 0"));
            }
        }

        /** {@code ordr ID FROM CONNECTION NAME} LF order: carry it out on that member, and answer with its answer. */
        private void order(String message) {
            Optional<Asked> asked = Asked.parse(message);
            if (asked.isPresent()) {
                Optional<String> done = orders.carryOut(asked.get().connection(), asked.get().to(),
                        lines.text(asked.get().body()));
                redis.publish(channel(asked.get().from()), "told " + asked.get().id()
                        + done.map(answer -> " 1 " + answer).orElse(" 0"));
            }
        }

        /** {@code told ID 0}, or {@code told ID 1 [ANSWER]}: the answer a sender on this node waits for. */
        private void told(String message) {
            String[] parts = message.split(" ", 4);
            if (parts.length >= 3) {
                CompletableFuture<Optional<String>> answer = waiting.get(Long.parseLong(parts[1]));
                if (answer != null) {
                    answer.complete("1".equals(parts[2]) ? Optional.of(parts.length == 4 ? parts[3] : "")
                            : Optional.empty());
                }
            }
        }
    }
}
