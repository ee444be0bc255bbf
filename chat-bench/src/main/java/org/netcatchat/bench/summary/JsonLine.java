package org.netcatchat.bench.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One JSON object on one line, as chat-bench's report writes it, read with Jackson (strict JSON: no comments,
 * no leading zeros, nothing after the object) into values that are looked up by key. JSON null and an absent
 * key read the same: not measured. Immutable.
 */
final class JsonLine {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode object;

    private JsonLine(JsonNode object) {
        this.object = object;
    }

    /** @throws IllegalArgumentException with the offset, if the text is not one JSON object */
    static JsonLine parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not one JSON object, at offset "
                    + e.getLocation().getCharOffset() + ": " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("not one JSON object, at offset 0: a JSON object starts with {");
        }
        return new JsonLine(node);
    }

    Optional<String> string(String key) {
        JsonNode value = object.get(key);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    OptionalDouble number(String key) {
        JsonNode value = object.get(key);
        return value != null && value.isNumber() ? OptionalDouble.of(value.doubleValue()) : OptionalDouble.empty();
    }

    /** True only for JSON true. */
    boolean isTrue(String key) {
        JsonNode value = object.get(key);
        return value != null && value.isBoolean() && value.booleanValue();
    }
}
