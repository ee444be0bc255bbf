package org.netcatchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The payload round trip and the per-stream loss, duplicate and order accounting the report rests on. */
class AccountingTest {
    private static final byte[] TAG = "0a1b2c".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPayloadReadsBackWhatWasWritten() {
        ByteBuffer out = ByteBuffer.allocate(128);
        Payload.writeMessage(out, TAG, 12, 345_678, 9_876_543_210_123L, 64);
        assertThat(out.position()).isEqualTo(64);

        Payload.Reader reader = new Payload.Reader(TAG);
        assertThat(reader.read(out.array(), 0, out.position())).isEqualTo(Payload.Reader.Kind.MESSAGE);
        assertThat(reader.sender).isEqualTo(12);
        assertThat(reader.seq).isEqualTo(345_678);
        assertThat(reader.nanos).isEqualTo(9_876_543_210_123L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "~0a1b2c.sync,         SYNC",
            "~0a1b2c.1.2.3,        MESSAGE",
            "~ffffff.1.2.3.xx,     FOREIGN",
            "hello,                FOREIGN",
            "~0a1b2c.1.x.3.xx,     MALFORMED",
            "~0a1b2c.1..3,         MALFORMED",
            "~0a1b2c.99999999999.2.3, MALFORMED",
            "~0a1b2c.syncopated,   MESSAGE_OR_MALFORMED",
    })
    void linesThatAreNotThisRunsPayloadsAreToldApart(String line, String expected) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        Payload.Reader.Kind kind = new Payload.Reader(TAG).read(bytes, 0, bytes.length);
        if (expected.equals("MESSAGE_OR_MALFORMED")) {
            assertThat(kind).isIn(Payload.Reader.Kind.SYNC, Payload.Reader.Kind.MALFORMED);
        } else {
            assertThat(kind).isEqualTo(Payload.Reader.Kind.valueOf(expected));
        }
    }

    @Test
    void aStreamInOrderLosesNothing() {
        Streams streams = new Streams(1);
        for (int seq = 0; seq < 5; seq++) {
            assertThat(streams.accept(0, seq)).isEqualTo(Streams.Arrival.IN_ORDER);
        }
        assertThat(streams.lost(0, 5)).isZero();
        assertThat(streams.duplicates + streams.late).isZero();
    }

    @Test
    void aGapFilledLateIsOutOfOrderAndAGapNeverFilledIsLost() {
        Streams streams = new Streams(2);
        streams.accept(1, 0);
        assertThat(streams.accept(1, 3)).isEqualTo(Streams.Arrival.AHEAD);
        assertThat(streams.accept(1, 1)).isEqualTo(Streams.Arrival.LATE);
        assertThat(streams.accept(1, 1)).isEqualTo(Streams.Arrival.DUPLICATE);
        assertThat(streams.accept(1, 3)).isEqualTo(Streams.Arrival.DUPLICATE);

        assertThat(streams.late).isEqualTo(1);
        assertThat(streams.duplicates).isEqualTo(2);
        assertThat(streams.lost(1, 5)).as("2 never came, nor did 4").isEqualTo(2);
        assertThat(streams.lost(0, 0)).isZero();
    }

    @Test
    void anAbsurdJumpIsCountedAsImplausibleNotAsAMillionHoles() {
        Streams streams = new Streams(1);
        assertThat(streams.accept(0, Integer.MAX_VALUE)).isEqualTo(Streams.Arrival.IMPLAUSIBLE);
        assertThat(streams.implausible).isEqualTo(1);
        assertThat(streams.accept(0, 0)).isEqualTo(Streams.Arrival.IN_ORDER);
    }

    @Test
    void aReportIsOneLineOfJsonWithNullForWhatWasNotMeasured() {
        Report report = new Report().put("label", "s1 \"ours\"").put("sent", 3L).put("rate", 1.5)
                .put("rss", java.util.OptionalLong.empty()).put("complete", true)
                .put("problems", java.util.List.of("a\nb"));

        assertThat(report.json()).isEqualTo(
                "{\"label\":\"s1 \\\"ours\\\"\",\"sent\":3,\"rate\":1.500,\"rss\":null,\"complete\":true,"
                        + "\"problems\":[\"a\\nb\"]}");
        assertThat(report.number("rss")).isEmpty();
        assertThat(report.table()).contains("rss", "-");
    }

    @Test
    void theSeriesAndSetUpGivenOnTheCommandLineOpenTheReportAndAreNullWhenNotGiven() {
        Main given = new Main();
        new picocli.CommandLine(given).parseArgs("--series", "abc1234@x", "--setup", "onecore");
        Main absent = new Main();
        new picocli.CommandLine(absent).parseArgs();

        assertThat(given.tags().json()).isEqualTo("{\"series\":\"abc1234@x\",\"setup\":\"onecore\"}");
        assertThat(absent.tags().json()).isEqualTo("{\"series\":null,\"setup\":null}");
    }
}
