package io.sipgw.pipeline;

import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.Via;
import io.sipgw.testing.Parse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;

import static io.sipgw.testing.SipTestMessages.META_INVITE;
import static org.assertj.core.api.Assertions.assertThat;

class ViaReceivedTest {

    private static final InetSocketAddress V4 = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress META = new InetSocketAddress("2a03:2880:f22d:1c0::face:b00c", 41234);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // RFC 3261 section 18.2.1: the same IP literal needs nothing ...
        "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1 | SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1",
        // ... another address or any host name gets received.
        "SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK1 | SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK1;received=192.0.2.10",
        "SIP/2.0/UDP pc.example.com;branch=z9hG4bK1 | SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;received=192.0.2.10",
        // RFC 3581 section 4: a valueless rport is filled, and received added even for the same address.
        "SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK1 | SIP/2.0/UDP 192.0.2.10:5060;rport=40000;branch=z9hG4bK1;received=192.0.2.10",
        // An rport with a value was filled by someone else: left alone.
        "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1;rport=7 | SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1;rport=7",
        // A received that is already right is not written twice; a wrong one is corrected in place.
        "SIP/2.0/UDP a.example;received=192.0.2.10;branch=z9hG4bK1 | SIP/2.0/UDP a.example;received=192.0.2.10;branch=z9hG4bK1",
        "SIP/2.0/UDP a.example;received=10.0.0.1;branch=z9hG4bK1 | SIP/2.0/UDP a.example;received=192.0.2.10;branch=z9hG4bK1",
    })
    void stampsIpv4(String via, String expected) {
        Via parsed = Via.parse(via);
        Via stamped = ViaReceived.stamp(parsed, V4);

        assertThat(stamped).hasToString(expected);
        assertThat(stamped == parsed).isEqualTo(via.equals(expected));
    }

    @Test
    void ipv6ReceivedIsWrittenWithoutBracketsAndAnEqualLiteralMatches() {
        // RFC 3261 section 25.1 via-received takes an IPv6address, without the brackets of the sent-by.
        Via other = Via.parse("SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK1");
        Via same = Via.parse("SIP/2.0/TLS [2a03:2880:F22D:1c0:0:0:face:b00c]:5061;branch=z9hG4bK1");

        assertThat(ViaReceived.stamp(other, META))
                .hasToString("SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK1;received=2a03:2880:f22d:1c0::face:b00c");
        assertThat(ViaReceived.stamp(same, META)).isSameAs(same);
    }

    @Test
    void aRequestIsRewrittenOnlyWhenItsTopViaChanges() {
        SipRequest invite = Parse.request(META_INVITE);
        SipRequest unchanged = Parse.request(META_INVITE.replace(";rport", ""));
        try {
            SipRequest stamped = ViaReceived.stamp(invite, META, PooledByteBufAllocator.DEFAULT);
            try {
                assertThat(stamped).isNotSameAs(invite);
                assertThat(stamped.topVia()).hasToString("SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061"
                        + ";branch=z9hG4bK-wa-7f3a91c2;rport=41234;received=2a03:2880:f22d:1c0::face:b00c");
                assertThat(stamped.vias()).hasSize(1);
                assertThat(stamped.bodyAsString()).isEqualTo(invite.bodyAsString());
                assertThat(stamped.header("x-wa-meta-wacid")).isEqualTo(invite.header("x-wa-meta-wacid"));
            } finally {
                stamped.release();
            }
            assertThat(ViaReceived.stamp(unchanged, META, PooledByteBufAllocator.DEFAULT)).isSameAs(unchanged);
        } finally {
            invite.release();
            unchanged.release();
        }
    }

    @Test
    void onlyTheTopValueOfACommaSeparatedViaLineIsRewritten() {
        SipRequest request = Parse.request(META_INVITE.replace(";rport\r\n",
                ";rport, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-down\r\n"));
        try {
            SipRequest stamped = ViaReceived.stamp(request, META, PooledByteBufAllocator.DEFAULT);
            try {
                assertThat(stamped.headerValues(SipHeaderName.VIA)).containsExactly(
                        "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport=41234"
                                + ";received=2a03:2880:f22d:1c0::face:b00c",
                        "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-down");
            } finally {
                stamped.release();
            }
        } finally {
            request.release();
        }
    }
}
