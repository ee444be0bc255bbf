package org.netcatchat.bench.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One JSON object on one line, as chat-bench's report writes it: read into values that are looked up by key.
 * JSON null and an absent key read the same: not measured. Nested arrays and objects are parsed (so a line
 * that holds them is accepted) but not exposed. Immutable.
 */
final class JsonLine {
    /** What JSON null parses to inside the map; never handed out. */
    private static final Object NULL = new Object();

    private final Map<String, Object> values;

    private JsonLine(Map<String, Object> values) {
        this.values = values;
    }

    /** @throws IllegalArgumentException with the offset, if the text is not one JSON object */
    static JsonLine parse(String text) {
        Parser p = new Parser(text);
        p.skipSpace();
        if (p.peek() != '{') {
            throw p.error("a JSON object starts with {");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) p.value();
        p.skipSpace();
        if (p.at < text.length()) {
            throw p.error("text after the object");
        }
        return new JsonLine(object);
    }

    Optional<String> string(String key) {
        return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    OptionalDouble number(String key) {
        return values.get(key) instanceof Double d ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    /** True only for JSON true. */
    boolean isTrue(String key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    /** Recursive descent over the text; one per parse. */
    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        Object value() {
            skipSpace();
            return switch (peek()) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", NULL);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                object.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return object;
                }
            }
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            expect('[');
            skipSpace();
            if (peek() == ']') {
                at++;
                return array;
            }
            while (true) {
                array.add(value());
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return array;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("a control character inside a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > s.length()) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        at += 4;
                    }
                    default -> throw error("an unknown escape \\" + e);
                }
            }
        }

        private Double number() {
            int start = at;
            while (at < s.length() && "+-.eE0123456789".indexOf(s.charAt(at)) >= 0) {
                at++;
            }
            String token = s.substring(start, at);
            // JSON's grammar, not Java's: no leading +, no bare ".5", no "1.", no NaN or Infinity
            if (!token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                at = start;
                throw error(token.isEmpty() ? "a value was expected" : "not a JSON number: " + token);
            }
            return Double.parseDouble(token);
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, at)) {
                throw error("a value was expected");
            }
            at += word.length();
            return value;
        }

        void skipSpace() {
            while (at < s.length() && " \t\r\n".indexOf(s.charAt(at)) >= 0) {
                at++;
            }
        }

        char peek() {
            return at < s.length() ? s.charAt(at) : '\0';
        }

        private char next() {
            if (at >= s.length()) {
                throw error("the line ends inside a value");
            }
            return s.charAt(at++);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' was expected");
            }
            at++;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + at);
        }
    }
}
