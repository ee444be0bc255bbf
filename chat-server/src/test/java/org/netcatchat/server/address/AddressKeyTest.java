package org.netcatchat.server.address;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses count as one client: IPv4 as is, IPv6 by /64, IPv4-mapped IPv6 as its IPv4 address. */
class AddressKeyTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.1                               | 192.0.2.1
            127.0.0.1                               | 127.0.0.1
            127.0.0.2                               | 127.0.0.2
            2001:db8:1:2:3:4:5:6                    | 2001:db8:1:2:0:0:0:0/64
            2001:db8:1:2:ffff:ffff:ffff:ffff        | 2001:db8:1:2:0:0:0:0/64
            2001:db8:1:3::1                         | 2001:db8:1:3:0:0:0:0/64
            ::1                                     | 0:0:0:0:0:0:0:0/64
            fe80::1                                 | fe80:0:0:0:0:0:0:0/64
            """)
    void groupsAddresses(String address, String key) throws UnknownHostException {
        assertThat(AddressKey.of(InetAddress.getByName(address))).isEqualTo(new AddressKey(key));
    }

    @ParameterizedTest(name = "::ffff:{0}")
    @CsvSource({"192.0.2.1", "127.0.0.1"})
    void anIpv4MappedIpv6AddressCountsAsItsIpv4Address(String ipv4) throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, mapped, 12, 4);
        Inet6Address v6 = Inet6Address.getByAddress(null, mapped, -1); // InetAddress.getByAddress would unmap it itself

        assertThat(AddressKey.of(v6)).isEqualTo(new AddressKey(ipv4));
    }
}
