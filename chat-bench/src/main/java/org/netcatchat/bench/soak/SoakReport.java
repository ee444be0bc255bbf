package org.netcatchat.bench.soak;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** The outcome of a soak, as a table for people and one JSON line for tools. */
record SoakReport(double seconds, long connections, long messagesSent, long messagesAcked, long historyLines,
                  Map<String, Long> injected, long violationCount, List<String> violations,
                  OptionalLong fdsBaseline, OptionalLong fdsEnd, OptionalLong threadsBaseline, OptionalLong threadsEnd,
                  OptionalLong serverExit) {

    String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format("chaos soak: %.0f s against one server%n", seconds));
        row(t, "connections opened", Long.toString(connections));
        row(t, "messages sent / ACKed", messagesSent + " / " + messagesAcked);
        row(t, "history lines", Long.toString(historyLines));
        injected.forEach((kind, n) -> row(t, "  " + kind, Long.toString(n)));
        row(t, "server fds baseline / end", text(fdsBaseline) + " / " + text(fdsEnd));
        row(t, "server threads baseline / end", text(threadsBaseline) + " / " + text(threadsEnd));
        row(t, "server exit status", text(serverExit));
        row(t, "INVARIANT VIOLATIONS", Long.toString(violationCount));
        for (String v : violations) {
            t.append("  ! ").append(v).append(System.lineSeparator());
        }
        return t.toString();
    }

    String json() {
        String kinds = injected.entrySet().stream().map(e -> quote(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        String listed = violations.stream().map(SoakReport::quote).collect(Collectors.joining(",", "[", "]"));
        return "{\"seconds\":" + Math.round(seconds) + ",\"connections\":" + connections
                + ",\"messages_sent\":" + messagesSent + ",\"messages_acked\":" + messagesAcked
                + ",\"history_lines\":" + historyLines + ",\"injected\":" + kinds
                + ",\"fds_baseline\":" + json(fdsBaseline) + ",\"fds_end\":" + json(fdsEnd)
                + ",\"threads_baseline\":" + json(threadsBaseline) + ",\"threads_end\":" + json(threadsEnd)
                + ",\"server_exit\":" + json(serverExit)
                + ",\"violations\":" + violationCount + ",\"violation_details\":" + listed + "}";
    }

    private static void row(StringBuilder t, String name, String value) {
        t.append(String.format("  %-32s %s%n", name, value));
    }

    private static String text(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
    }

    private static String json(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "null";
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
