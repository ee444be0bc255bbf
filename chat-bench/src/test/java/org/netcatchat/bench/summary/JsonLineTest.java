package org.netcatchat.bench.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the JSON lines chat-bench writes, and refusing what is not one JSON object. */
class JsonLineTest {

    @Test
    void aReportLineReadsBackByKeyWithNullAsNotMeasured() {
        JsonLine line = JsonLine.parse("""
                {"series":"abc@1","setup":null,"label":"s1/ours/2","sent":517449,"rate":-1.5e3,"drained":true,\
                "complete":false,"problems":["a \\"quoted\\"\\nline","\\u00e9"],"nested":{"k":[1,{"x":null}]},\
                "server_cpu_us_per_delivery":1.611}""");

        assertThat(line.string("label")).hasValue("s1/ours/2");
        assertThat(line.string("series")).hasValue("abc@1");
        assertThat(line.string("setup")).as("null is not measured").isEmpty();
        assertThat(line.string("absent")).isEmpty();
        assertThat(line.number("sent")).hasValue(517449);
        assertThat(line.number("rate")).hasValue(-1500);
        assertThat(line.number("server_cpu_us_per_delivery")).hasValue(1.611);
        assertThat(line.number("label")).as("a string is not a number").isEmpty();
        assertThat(line.isTrue("drained")).isTrue();
        assertThat(line.isTrue("complete")).isFalse();
        assertThat(line.isTrue("sent")).isFalse();
    }

    @Test
    void escapesAreDecoded() {
        assertThat(JsonLine.parse("{\"k\":\"tab\\t slash\\/ back\\\\ e\\u00e9\"}").string("k"))
                .hasValue("tab\t slash/ back\\ e\u00e9");
    }

    @Test
    void spaceAroundTokensIsAllowed() {
        assertThat(JsonLine.parse("  { \"a\" : 1 , \"b\" : [ ] , \"c\" : { } }  ").number("a")).hasValue(1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",
            "[1,2]",
            "{",
            "{\"a\":1",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "{\"a\":1} trailing",
            "{\"a\":1}{\"b\":2}",
            "{\"a\":01}",
            "{\"a\":+1}",
            "{\"a\":.5}",
            "{\"a\":1.}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":tru}",
            "{\"a\":\"unterminated}",
            "{\"a\":\"bad escape \\q\"}",
            "{\"a\":\"short \\u12\"}",
            "{\"a\":\"not hex \\uzzzz\"}",
            "{\"a\":\"raw\ttab\"}",
            "{\"a\":[1,2}",
    })
    void whatIsNotOneJsonObjectIsRefusedWithItsOffset(String text) {
        assertThatThrownBy(() -> JsonLine.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at offset");
    }
}
