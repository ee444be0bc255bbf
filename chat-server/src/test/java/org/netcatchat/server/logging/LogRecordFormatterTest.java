package org.netcatchat.server.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LogRecordFormatterTest {
    private static final Instant TIME = Instant.parse("2026-11-30T13:46:34.123Z");

    @Test
    void numbersAreWrittenInPlainDigitsNotGroupedByMessageFormat() {
        assertThat(LogRecordFormatter.message("connection {0}: closed after {1} bytes", 12345L, 1234567))
                .isEqualTo("connection 12345: closed after 1234567 bytes");
    }

    @Test
    void aPlaceholderWithItsOwnNumberFormatKeepsIt() {
        assertThat(LogRecordFormatter.message("listening on {0}:{1,number,#}", "127.0.0.1", 8989))
                .isEqualTo("listening on 127.0.0.1:8989");
    }

    @Test
    void textIsOneLineWithTimeLevelThreadAndLogger() {
        assertThat(LogRecordFormatter.format(LogFormat.TEXT, TIME, ZoneOffset.UTC, System.Logger.Level.WARNING,
                "Room", "conn-7-reader", "connection 7 (alice): dropped", Optional.empty()))
                .isEqualTo("2026-11-30 13:46:34.123 WARN  [conn-7-reader] Room: connection 7 (alice): dropped");
    }

    @Test
    void jsonIsOneObjectPerLineWithEveryFieldAndTheStackTraceAsAString() throws Exception {
        String line = LogRecordFormatter.format(LogFormat.JSON, TIME, ZoneOffset.UTC, System.Logger.Level.ERROR,
                "Connection", "conn-7-writer", "connection 7: \"quoted\" \u001b[31m\ttab",
                Optional.of(new IllegalStateException("boom")));

        assertThat(line).doesNotContain("\n").doesNotContain("\u001b");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("time").asText()).isEqualTo("2026-11-30T13:46:34.123Z");
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("logger").asText()).isEqualTo("Connection");
        assertThat(json.path("thread").asText()).isEqualTo("conn-7-writer");
        assertThat(json.path("message").asText()).isEqualTo("connection 7: \"quoted\" \u001b[31m\ttab");
        assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("\tat org.netcatchat.server.logging.LogRecordFormatterTest");
    }

    @Test
    void jsonEscapesEveryControlCharacterAndTheLineSeparators() {
        assertThat(LogRecordFormatter.quote("a\u0000b\u007fc\u2028d\\e")).isEqualTo("\"a\\u0000b\\u007fc\\u2028d\\\\e\"");
    }
}
