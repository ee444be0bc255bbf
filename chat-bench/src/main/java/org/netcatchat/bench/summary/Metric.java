package org.netcatchat.bench.summary;

import java.util.Locale;

/**
 * What a scenario is judged on (issue 5): throughput where the load is as fast as the window allows, p99
 * latency where the offered load is fixed (S2, S4, rooms: every server delivers all of it), memory per
 * connection where the connections are idle (S5).
 */
enum Metric {
    DELIVERIES_PER_S("deliveries_per_s", "deliveries/s", true),
    LATENCY_P99("latency_p99_ms", "p99", false),
    RSS_PER_CONNECTION("rss_per_connection_bytes", "RSS per connection", false);

    final String key;
    final String title;
    final boolean higherIsBetter;

    Metric(String key, String title, boolean higherIsBetter) {
        this.key = key;
        this.title = title;
        this.higherIsBetter = higherIsBetter;
    }

    static Metric of(String scenario) {
        if (scenario.equals("s2") || scenario.equals("s4") || scenario.equals("rooms")) {
            return LATENCY_P99;
        }
        return scenario.startsWith("s5") ? RSS_PER_CONNECTION : DELIVERIES_PER_S;
    }

    /** Whether {@code a} is better than {@code b} on this metric. */
    boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    /** A value in this metric's unit, three significant digits: "499k", "13.4 ms", "23.2 kB". */
    String format(double value) {
        return switch (this) {
            case DELIVERIES_PER_S -> compact(value);
            case LATENCY_P99 -> significant(value) + " ms";
            case RSS_PER_CONNECTION -> significant(value / 1000) + " kB";
        };
    }

    /** The same without the unit, for the range beside a median. */
    String formatBare(double value) {
        return switch (this) {
            case DELIVERIES_PER_S -> compact(value);
            case LATENCY_P99 -> significant(value);
            case RSS_PER_CONNECTION -> significant(value / 1000);
        };
    }

    static String compact(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e6) {
            return significant(value / 1e6) + "M";
        }
        return magnitude >= 1e3 ? significant(value / 1e3) + "k" : significant(value);
    }

    static String significant(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
