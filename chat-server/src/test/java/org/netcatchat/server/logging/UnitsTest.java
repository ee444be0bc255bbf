package org.netcatchat.server.logging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {
    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource(delimiter = '|', textBlock = """
            PT15S        | 15 s       | 15 seconds
            PT30S        | 30 s       | 30 seconds
            PT1S         | 1 s        | 1 second
            PT0.5S       | 0.5 s      | 0.5 seconds
            PT0.0001S    | 0.0001 s   | 0.0001 seconds
            PT0.000001S  | 0.000001 s | 0.000001 seconds
            PT2M         | 120 s      | 120 seconds
            PT0S         | 0 s        | 0 seconds
            """)
    void durationsAreSaidInSecondsExactlyNeverAsPtNorRoundedToZero(Duration duration, String shortForm, String words) {
        assertThat(Units.seconds(duration)).isEqualTo(shortForm);
        assertThat(Units.secondsInWords(duration)).isEqualTo(words);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | 0 connections
            1 | 1 connection
            2 | 2 connections
            """)
    void countsAgreeWithTheirNoun(long count, String said) {
        assertThat(Units.count(count, "connection")).isEqualTo(said);
    }
}
