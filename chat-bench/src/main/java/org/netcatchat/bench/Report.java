package org.netcatchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The result of one run: ordered named values, rendered as a table for people and as one JSON line for the
 * chart script and the docs. A value that could not be measured (no --server-pid, not a JVM) is JSON null
 * and "-" in the table. Not thread-safe: built by one thread.
 *
 * <p>Keys, units in the name: {@code _per_s} per second, {@code _ms} milliseconds, {@code _kib} KiB,
 * {@code _pct} percent of one core, {@code _bytes} bytes.
 */
final class Report {
    private final Map<String, Object> values = new LinkedHashMap<>();

    Report put(String key, String value) {
        values.put(key, value);
        return this;
    }

    Report put(String key, long value) {
        values.put(key, value);
        return this;
    }

    Report put(String key, double value) {
        values.put(key, Double.isFinite(value) ? value : Missing.VALUE);
        return this;
    }

    Report put(String key, boolean value) {
        values.put(key, value);
        return this;
    }

    Report put(String key, OptionalLong value) {
        values.put(key, value.isPresent() ? (Object) value.getAsLong() : Missing.VALUE);
        return this;
    }

    Report put(String key, OptionalDouble value) {
        return value.isPresent() ? put(key, value.getAsDouble()) : putMissing(key);
    }

    Report put(String key, List<String> value) {
        values.put(key, List.copyOf(value));
        return this;
    }

    /** A nested object: in JSON an object, in the table its JSON. */
    Report put(String key, Report value) {
        values.put(key, value);
        return this;
    }

    Report putMissing(String key) {
        values.put(key, Missing.VALUE);
        return this;
    }

    /** A number by key, if it was measured. */
    OptionalDouble number(String key) {
        return values.get(key) instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    Optional<Object> value(String key) {
        Object v = values.get(key);
        return v == null || v == Missing.VALUE ? Optional.empty() : Optional.of(v);
    }

    /** One line of JSON, keys in insertion order. */
    String json() {
        StringBuilder out = new StringBuilder(1024).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(':');
            json(out, e.getValue());
        }
        return out.append('}').toString();
    }

    /** Two columns, key and value, in insertion order; lists one item per line. */
    String table() {
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        lines.add("-".repeat(width + 30));
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() instanceof List<?> list) {
                lines.add(pad(e.getKey(), width) + "  " + (list.isEmpty() ? "none" : list.size() + ":"));
                list.forEach(item -> lines.add("    " + item));
            } else {
                lines.add(pad(e.getKey(), width) + "  " + human(e.getValue()));
            }
        }
        lines.add("-".repeat(width + 30));
        return String.join(System.lineSeparator(), lines);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String human(Object v) {
        return switch (v) {
            case Missing m -> "-";
            case Double d -> Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d)
                    : String.format(Locale.ROOT, "%.3f", d);
            case Long l -> String.format(Locale.ROOT, "%,d", l);
            case Report nested -> nested.json();
            default -> String.valueOf(v);
        };
    }

    private static void json(StringBuilder out, Object v) {
        switch (v) {
            case Missing m -> out.append("null");
            case Double d -> out.append(String.format(Locale.ROOT, "%.3f", d));
            case Long l -> out.append(l);
            case Boolean b -> out.append(b);
            case Report nested -> out.append(nested.json());
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(out, String.valueOf(list.get(i)));
                }
                out.append(']');
            }
            default -> string(out, String.valueOf(v));
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Not measured. */
    private enum Missing { VALUE }
}
