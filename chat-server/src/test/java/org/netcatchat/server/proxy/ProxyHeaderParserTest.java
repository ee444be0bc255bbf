package org.netcatchat.server.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid headers, whole and one byte at a time (the parser must ask for exactly the bytes the header has, never
 * one more), and hostile ones, each refused with a reason.
 */
class ProxyHeaderParserTest {
    private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

    static Stream<Arguments> validHeaders() {
        return Stream.of(
                Arguments.of("v1 TCP4", ascii("PROXY TCP4 203.0.113.7 192.0.2.1 53122 8989\r\n"), "/203.0.113.7:53122"),
                Arguments.of("v1 TCP4 at its longest values", ascii("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n"),
                        "/255.255.255.255:65535"),
                Arguments.of("v1 TCP6", ascii("PROXY TCP6 2001:db8::7 2001:db8::1 40000 8989\r\n"), "/[2001:db8:0:0:0:0:0:7]:40000"),
                Arguments.of("v1 TCP6 of 107 bytes", ascii("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
                        + "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n"), "/[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535"),
                Arguments.of("v1 UNKNOWN", ascii("PROXY UNKNOWN\r\n"), "proxy"),
                Arguments.of("v1 UNKNOWN with addresses", ascii("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"), "proxy"),
                Arguments.of("v2 PROXY INET", hex(SIGNATURE + "21 11 000c cb007107 c0000201 cf82 231d"), "/203.0.113.7:53122"),
                Arguments.of("v2 PROXY INET with a TLV (as HAProxy's unique id)",
                        hex(SIGNATURE + "21 11 0011 cb007107 c0000201 cf82 231d 05 0002 6869"), "/203.0.113.7:53122"),
                Arguments.of("v2 PROXY INET6", hex(SIGNATURE + "21 21 0024 20010db8000000000000000000000007"
                        + " 20010db8000000000000000000000001 9c40 231d"), "/[2001:db8:0:0:0:0:0:7]:40000"),
                Arguments.of("v2 LOCAL (a health check) with no addresses", hex(SIGNATURE + "20 00 0000"), "proxy"),
                Arguments.of("v2 LOCAL with INET addresses", hex(SIGNATURE + "20 11 000c cb007107 c0000201 cf82 231d"), "proxy"),
                Arguments.of("v2 PROXY UNSPEC", hex(SIGNATURE + "21 00 0000"), "proxy"),
                Arguments.of("v2 PROXY UNIX", hex(SIGNATURE + "21 31 00d8" + "00".repeat(216)), "proxy"),
                Arguments.of("v2 at the size limit, 536 bytes", hex(SIGNATURE + "21 11 0208 cb007107 c0000201 cf82 231d"
                        + "00".repeat(520 - 12)), "/203.0.113.7:53122"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void aValidHeaderParsesWhole(String name, byte[] header, String client) {
        assertThat(describe(ProxyHeaderParser.parse(header, header.length))).isEqualTo(client);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void aValidHeaderReadAsAskedEndsExactlyAtItsLastByte(String name, byte[] header, String client) {
        byte[] buffer = new byte[ProxyHeaderParser.MAX_V2_BYTES];
        int length = 0;
        while (true) {
            ProxyHeaderParser.Step step = ProxyHeaderParser.parse(buffer, length);
            if (step instanceof ProxyHeaderParser.Step.NeedMore more) {
                assertThat(length + more.bytes()).as("never asks past the header").isLessThanOrEqualTo(header.length);
                buffer[length] = header[length]; // one byte at a time, whatever it asked for
                length++;
            } else {
                assertThat(length).isEqualTo(header.length);
                assertThat(describe(step)).isEqualTo(client);
                return;
            }
        }
    }

    static Stream<Arguments> hostileHeaders() {
        return Stream.of(
                Arguments.of("a chat command instead", ascii("name alice\n"), "does not start with a PROXY"),
                Arguments.of("a TLS ClientHello instead", hex("160301"), "does not start with a PROXY"),
                Arguments.of("PROXY in lower case", ascii("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n"), "does not start with a PROXY"),
                Arguments.of("v1 with LF only", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n"), "ends with LF, not CRLF"),
                Arguments.of("v1 with a bare CR inside", ascii("PROXY TCP4 1.2.3.4\r 5.6.7.8 1 2\r\n"), "CR before its end"),
                Arguments.of("v1 of 108 bytes without an end", ascii("PROXY UNKNOWN " + "x".repeat(94)), "longer than 107"),
                Arguments.of("v1 with a NUL", ascii("PROXY TCP4 1.2.3.4\0"), "not printable"),
                Arguments.of("v1 with a host name", ascii("PROXY TCP4 evil.example 5.6.7.8 1 2\r\n"), "is not PROXY TCP4"),
                Arguments.of("v1 octet past 255", ascii("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n"), "is not PROXY TCP4"),
                Arguments.of("v1 octet with a leading zero", ascii("PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n"), "is not PROXY TCP4"),
                Arguments.of("v1 port past 65535", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n"), "port past 65535"),
                Arguments.of("v1 port with a sign", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 +1 2\r\n"), "is not PROXY TCP4"),
                Arguments.of("v1 missing the ports", ascii("PROXY TCP4 1.2.3.4 5.6.7.8\r\n"), "is not PROXY TCP4"),
                Arguments.of("v1 TCP6 with an IPv4 address", ascii("PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n"), "not IPv6"),
                Arguments.of("v1 UDP4", ascii("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n"), "is not PROXY TCP4"),
                Arguments.of("v2 with a wrong signature", hex("0d0a0d0a000d0a515549540b"), "does not start with a PROXY"),
                Arguments.of("v2 version 1", hex(SIGNATURE + "11 11 000c"), "version 1, not 2"),
                Arguments.of("v2 command 2", hex(SIGNATURE + "22 11 000c"), "neither LOCAL nor PROXY"),
                Arguments.of("v2 family 4", hex(SIGNATURE + "21 41 000c"), "unknown address family"),
                Arguments.of("v2 transport 3", hex(SIGNATURE + "21 13 000c"), "unknown address family"),
                Arguments.of("v2 length of 65535, refused before reading it", hex(SIGNATURE + "21 11 ffff"), "more than 536"),
                Arguments.of("v2 length one past the limit", hex(SIGNATURE + "21 11 0209"), "more than 536"),
                Arguments.of("v2 INET with 11 address bytes", hex(SIGNATURE + "21 11 000b cb007107 c0000201 cf82 23"),
                        "less than its family needs"),
                Arguments.of("v2 INET over UDP", hex(SIGNATURE + "21 12 000c cb007107 c0000201 cf82 231d"),
                        "other than a TCP stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void aHostileHeaderIsRefusedWithItsReason(String name, byte[] header, String why) {
        assertThat(describe(ProxyHeaderParser.parse(header, header.length))).startsWith("invalid: ").contains(why);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void aHostileHeaderFedOneByteAtATimeIsRefusedAndNeverReadPast536Bytes(String name, byte[] header, String why) {
        byte[] buffer = new byte[ProxyHeaderParser.MAX_V2_BYTES];
        for (int length = 0; length <= header.length; length++) {
            ProxyHeaderParser.Step step = ProxyHeaderParser.parse(buffer, length);
            if (step instanceof ProxyHeaderParser.Step.Invalid invalid) {
                assertThat(invalid.why()).contains(why);
                return;
            }
            assertThat(step).isInstanceOf(ProxyHeaderParser.Step.NeedMore.class);
            assertThat(length).isLessThan(header.length);
            buffer[length] = header[length];
        }
    }

    @org.junit.jupiter.api.Test
    void onlyTheStartOfAHeaderLooksLikeOne() {
        assertThat(ProxyHeaderParser.looksLikeHeader(ascii("PROXY TCP4 1.2"), 14)).isTrue();
        assertThat(ProxyHeaderParser.looksLikeHeader(hex(SIGNATURE + "21"), 13)).isTrue();
        assertThat(ProxyHeaderParser.looksLikeHeader(ascii("PROXY"), 5)).isTrue();
        assertThat(ProxyHeaderParser.looksLikeHeader(ascii("PROX"), 4)).isFalse();
        assertThat(ProxyHeaderParser.looksLikeHeader(ascii("name PROXY\n"), 11)).isFalse();
        assertThat(ProxyHeaderParser.looksLikeHeader(ascii("\r\n\r\nname x\n"), 11)).isFalse();
    }

    private static String describe(ProxyHeaderParser.Step step) {
        return switch (step) {
            case ProxyHeaderParser.Step.Complete complete ->
                    complete.header().client().map(Object::toString).orElse("proxy");
            case ProxyHeaderParser.Step.Invalid invalid -> "invalid: " + invalid.why();
            case ProxyHeaderParser.Step.NeedMore more -> "needs " + more.bytes() + " more";
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
