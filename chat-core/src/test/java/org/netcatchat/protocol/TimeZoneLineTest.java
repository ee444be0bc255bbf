package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeZoneLineTest {
    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "Asia/Tokyo", "+01:00", "UTC+05:30", "America/Argentina/Buenos_Aires"})
    void aZoneSurvivesTheLine(String id) {
        ZoneId zone = ZoneId.of(id);

        assertThat(TimeZoneLine.parse(TimeZoneLine.of(zone))).contains(zone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Times are in UTC", "Times are in .", "Times are in Mars/Olympus.", "times are in UTC.",
            "  Times are in UTC.", "Times are in UTC. ", "Times are in Europe/Berlin now.", "[2026-01-01 00:00:00] Times are in UTC."})
    void anyOtherLineNamesNoZone(String line) {
        assertThat(TimeZoneLine.parse(line)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theLineReadsAsASentence() {
        assertThat(TimeZoneLine.of(ZoneId.of("UTC"))).isEqualTo("Times are in UTC.");
    }
}
