package org.netcatchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The cluster lag of each node ({@code netcat_cluster_lag_entries} on its {@code /metrics}: stream entries
 * appended but not yet delivered by that node), scraped by {@link #scrape} once a second during the measured
 * window: the largest and the last value per node. The scrapes run on a thread of their own
 * ({@link #startScraping}), so that a slow answer delays no measurement of {@link Bench}; the per-node values
 * are confined to that thread until {@link #awaitScraping} has joined it, and only read after that.
 *
 * <p>The server counts its lag with Redis every 5 seconds, so consecutive scrapes may see the same value.
 */
final class ClusterLag implements AutoCloseable {
    static final String METRIC = "netcat_cluster_lag_entries";
    /** A loaded node answers /metrics late, and its lag matters most then: a scrape may take this long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<Node> nodes = new ArrayList<>();
    /** Only when there is a node to scrape: an HTTP client starts a thread of its own. */
    private final Optional<HttpClient> client;

    ClusterLag(List<URI> urls) {
        for (URI url : urls) {
            nodes.add(new Node(url));
        }
        this.client = urls.isEmpty() ? Optional.empty()
                : Optional.of(HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    private Optional<Thread> scraper = Optional.empty();

    /**
     * Scrapes every node at {@code fromNanos} ({@link System#nanoTime}), then every {@code intervalNanos}
     * while before {@code untilNanos}, on a new thread; nothing when there is no node to scrape.
     */
    void startScraping(long fromNanos, long untilNanos, long intervalNanos) {
        if (nodes.isEmpty()) {
            return;
        }
        scraper = Optional.of(Thread.ofVirtual().name("bench-lag-scraper").start(() -> {
            for (long at = fromNanos; at < untilNanos; at += intervalNanos) {
                long wait;
                while ((wait = at - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                scrape();
            }
        }));
    }

    /** Waits for the scrapes to end: at most the timeout of one scrape after {@code untilNanos}. */
    void awaitScraping() throws InterruptedException {
        if (scraper.isPresent()) {
            scraper.get().join();
        }
    }

    /** One scrape of every node, in parallel; returns when each has answered or timed out. */
    void scrape() {
        if (client.isEmpty()) {
            return;
        }
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (Node node : nodes) {
            HttpRequest request = HttpRequest.newBuilder(node.url).timeout(TIMEOUT).GET().build();
            pending.add(client.get().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            OptionalDouble value;
            try {
                HttpResponse<String> response = pending.get(i).join();
                value = response.statusCode() == 200 ? value(response.body()) : OptionalDouble.empty();
            } catch (CompletionException e) {
                value = OptionalDouble.empty();
            }
            node.record(value);
        }
    }

    /**
     * The value of {@value #METRIC} in a page of the Prometheus text format: its line (with or without
     * labels, optionally followed by a timestamp); the largest if it has several series; empty if absent.
     */
    static OptionalDouble value(String page) {
        OptionalDouble found = OptionalDouble.empty();
        for (String line : page.split("\n")) {
            if (!line.startsWith(METRIC)) {
                continue;
            }
            String rest = line.substring(METRIC.length());
            if (rest.startsWith("{")) {
                int close = rest.lastIndexOf('}');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1);
            } else if (!rest.startsWith(" ")) {
                continue;   // another metric whose name starts the same way
            }
            String[] fields = rest.strip().split("\\s+");
            try {
                double v = Double.parseDouble(fields[0]);
                if (Double.isFinite(v) && (found.isEmpty() || v > found.getAsDouble())) {
                    found = OptionalDouble.of(v);
                }
            } catch (NumberFormatException e) {
                // not a sample line: ignored
            }
        }
        return found;
    }

    /**
     * {@code cluster_lag_max_entries}, the largest lag any node showed (null when never read), and
     * {@code cluster_lag}: per URL, the node's max, last value, scrapes answered and scrapes failed.
     */
    void report(Report r) {
        Report each = new Report();
        OptionalDouble overall = OptionalDouble.empty();
        for (Node node : nodes) {
            each.put(node.url.toString(), new Report()
                    .put("max_entries", node.max)
                    .put("last_entries", node.last)
                    .put("scrapes", node.scrapes)
                    .put("failed", node.failed));
            if (node.max.isPresent() && (overall.isEmpty() || node.max.getAsDouble() > overall.getAsDouble())) {
                overall = node.max;
            }
        }
        r.put("cluster_lag_max_entries", overall).put("cluster_lag", each);
    }

    @Override
    public void close() {
        scraper.ifPresent(Thread::interrupt);
        client.ifPresent(HttpClient::close);
    }

    /** What was scraped from one node. */
    private static final class Node {
        final URI url;
        OptionalDouble max = OptionalDouble.empty();
        OptionalDouble last = OptionalDouble.empty();
        long scrapes;
        long failed;

        Node(URI url) {
            this.url = url;
        }

        void record(OptionalDouble value) {
            if (value.isEmpty()) {
                failed++;
                return;
            }
            scrapes++;
            last = value;
            if (max.isEmpty() || value.getAsDouble() > max.getAsDouble()) {
                max = value;
            }
        }
    }
}
