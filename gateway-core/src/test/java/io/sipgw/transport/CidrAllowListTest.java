package io.sipgw.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrAllowListTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        // Only literals are used here, so no DNS lookup happens.
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4NetworkContainsItsAddressesOnly() throws Exception {
        CidrAllowList list = CidrAllowList.parse("31.13.64.0/18");

        assertThat(list.contains(ip("31.13.64.0"))).isTrue();
        assertThat(list.contains(ip("31.13.127.255"))).isTrue();
        assertThat(list.contains(ip("31.13.128.0"))).isFalse();
        assertThat(list.contains(ip("31.13.63.255"))).isFalse();
    }

    @Test
    void prefixLengthNotOnAByteBoundaryIsHonoured() throws Exception {
        CidrAllowList list = CidrAllowList.parse("54.172.60.0/30");

        assertThat(list.contains(ip("54.172.60.3"))).isTrue();
        assertThat(list.contains(ip("54.172.60.4"))).isFalse();
    }

    @Test
    void ipv6NetworkContainsItsAddressesOnly() throws Exception {
        CidrAllowList list = CidrAllowList.parse("2a03:2880::/32");

        assertThat(list.contains(ip("2a03:2880:f22d:1c0::face:b00c"))).isTrue();
        assertThat(list.contains(ip("2a03:2881::1"))).isFalse();
        assertThat(list.contains(ip("31.13.64.1"))).isFalse();
    }

    @Test
    void severalNetworksSeparatedByCommasAndWhitespace() throws Exception {
        CidrAllowList list = CidrAllowList.parse(" 10.0.0.0/8,  192.168.1.0/24 \n ::1/128 ,");

        assertThat(list.networks()).containsExactly("10.0.0.0/8", "192.168.1.0/24", "::1/128");
        assertThat(list.contains(ip("10.200.1.1"))).isTrue();
        assertThat(list.contains(ip("192.168.1.77"))).isTrue();
        assertThat(list.contains(ip("::1"))).isTrue();
        assertThat(list.contains(ip("192.168.2.1"))).isFalse();
    }

    @Test
    void bareAddressIsASingleHost() throws Exception {
        CidrAllowList list = CidrAllowList.parse("127.0.0.1, ::1");

        assertThat(list.networks()).containsExactly("127.0.0.1/32", "::1/128");
        assertThat(list.contains(ip("127.0.0.1"))).isTrue();
        assertThat(list.contains(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void hostBitsBelowThePrefixAreCleared() {
        assertThat(CidrAllowList.parse("10.1.2.3/8").networks()).containsExactly("10.0.0.0/8");
        assertThat(CidrAllowList.parse("2001:db8::1/32").networks()).containsExactly("2001:db8::/32");
    }

    @Test
    void zeroPrefixContainsEveryAddressOfItsFamily() throws Exception {
        CidrAllowList list = CidrAllowList.parse("0.0.0.0/0");

        assertThat(list.contains(ip("203.0.113.9"))).isTrue();
        assertThat(list.contains(ip("2001:db8::1"))).isFalse();
        assertThat(CidrAllowList.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void ipv4MappedIpv6AddressMatchesIpv4Networks() throws Exception {
        CidrAllowList list = CidrAllowList.parse("157.240.0.0/16");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 157;
        mapped[13] = (byte) 240;
        mapped[14] = 1;
        mapped[15] = 2;

        // Java turns mapped bytes into an Inet4Address; an Inet6Address built with a scope keeps them as IPv6.
        assertThat(list.contains(java.net.Inet6Address.getByAddress(null, mapped, 0))).isTrue();
        assertThat(list.contains(ip("::ffff:157.240.1.2"))).isTrue();
    }

    @Test
    void ipv6TextFormsAreAccepted() {
        assertThat(CidrAllowList.parse("::/0").networks()).containsExactly("::/0");
        assertThat(CidrAllowList.parse("1::8/128").networks()).containsExactly("1::8/128");
        assertThat(CidrAllowList.parse("1:2:3:4:5:6:7:8/64").networks()).containsExactly("1:2:3:4::/64");
        assertThat(CidrAllowList.parse("::ffff:10.0.0.1/128").networks()).containsExactly("10.0.0.1/32");
        assertThat(CidrAllowList.parse("64:ff9b::192.0.2.1/128").networks())
                .containsExactly("64:ff9b::c000:201/128");
        assertThat(CidrAllowList.parse("2A03:2880::/32").networks()).containsExactly("2a03:2880::/32");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "256.0.0.0/8", "10.0.0/8",
        "10.0.0.0.0", "010.0.0.1", "1.2.3.4/08a", "example.com", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::",
        "1:2:3:4:5:6:7", "12345::", "g::1", "1.2.3.4::", "::1.2.3", "fe80::1%eth0", "[::1]", "10.0.0.1/8/8"
    })
    void malformedEntriesAreRejectedWithTheEntryNamed(String entry) {
        assertThatThrownBy(() -> CidrAllowList.parse("10.0.0.0/8, " + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }

    @Test
    void emptySpecIsTheEmptyList() throws Exception {
        CidrAllowList list = CidrAllowList.parse("  , ");

        assertThat(list.isEmpty()).isTrue();
        assertThat(list).isEqualTo(CidrAllowList.empty());
        assertThat(list.contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void ipv6IsWrittenInRfc5952Form() {
        assertThat(CidrAllowList.parse("2001:db8:0:0:1:0:0:1").networks()).containsExactly("2001:db8::1:0:0:1/128");
        assertThat(CidrAllowList.parse("2001:0:0:1:0:0:0:1").networks()).containsExactly("2001:0:0:1::1/128");
        assertThat(CidrAllowList.parse("2001:db8:0:1:1:1:1:1").networks()).containsExactly("2001:db8:0:1:1:1:1:1/128");
    }

    @Test
    void toStringParsesBackToAnEqualList() {
        CidrAllowList list = CidrAllowList.parse("31.13.64.0/18 2a03:2880::/32");

        assertThat(list.toString()).isEqualTo("31.13.64.0/18,2a03:2880::/32");
        assertThat(CidrAllowList.parse(list.toString())).isEqualTo(list).hasSameHashCodeAs(list);
    }

    @Test
    void parseAddressReadsLiteralsOnly() {
        assertThat(CidrAllowList.parseAddress("127.0.0.1").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(CidrAllowList.parseAddress("::").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:0");
        assertThatThrownBy(() -> CidrAllowList.parseAddress("localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'localhost'");
    }
}
