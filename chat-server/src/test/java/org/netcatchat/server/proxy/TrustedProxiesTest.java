package org.netcatchat.server.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {
    @Test
    void addressesAndNetworksOfBothFamiliesAreTrustedAndNothingElse() throws Exception {
        TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.1", "10.1.0.0/16", "fd00::/8"));
        assertThat(proxies.trusts(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("::ffff:127.0.0.1"))).as("as a dual-stack socket reports it").isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("10.1.255.7"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(TrustedProxies.NONE.trusts(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void aNameOrAWrongPrefixIsRefusedNotLookedUp() {
        assertThatThrownBy(() -> TrustedProxies.Range.parse("haproxy.internal"))
                .hasMessage("--proxy-from takes an IP address or ADDR/BITS, not 'haproxy.internal'");
        assertThatThrownBy(() -> TrustedProxies.Range.parse("10.0.0.0/33"))
                .hasMessage("--proxy-from: the prefix of '10.0.0.0/33' must be from 0 to 32");
        assertThatThrownBy(() -> TrustedProxies.Range.parse("10.0.0.0/x"))
                .hasMessageContaining("must be from 0 to 32");
    }
}
