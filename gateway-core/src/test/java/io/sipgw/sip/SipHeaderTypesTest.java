package io.sipgw.sip;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipHeaderTypesTest {

    @Test
    void sipUriParts() {
        SipUri u = SipUri.parse("sips:alice:secret@Example.COM:5061;transport=TLS;lr;maddr=239.255.255.1?subject=hi&x=y");
        assertThat(u.isSecure()).isTrue();
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("secret");
        assertThat(u.host()).isEqualTo("Example.COM");
        assertThat(u.port()).isEqualTo(5061);
        assertThat(u.transport()).isEqualTo("tls");
        assertThat(u.param("lr")).isEmpty();
        assertThat(u.param("maddr")).isEqualTo("239.255.255.1");
        assertThat(u.param("ttl")).isNull();
        assertThat(u.headers()).isEqualTo("subject=hi&x=y");
        assertThat(u.toString()).isEqualTo("sips:alice:secret@Example.COM:5061;transport=TLS;lr;maddr=239.255.255.1?subject=hi&x=y");
    }

    @Test
    void sipUriIpv6ReferencesRfc5118() {
        SipUri u = SipUri.parse("sip:[2001:db8::10]:5070;transport=udp");
        assertThat(u.host()).isEqualTo("[2001:db8::10]");
        assertThat(u.hostAddress()).isEqualTo("2001:db8::10");
        assertThat(u.port()).isEqualTo(5070);
        SipUri v4mapped = SipUri.parse("sip:user@[::ffff:192.0.2.128]");
        assertThat(v4mapped.hostAddress()).isEqualTo("::ffff:192.0.2.128");
        assertThat(v4mapped.port()).isEqualTo(-1);
        assertThatThrownBy(() -> SipUri.parse("sip:user@2001:db8::10")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> SipUri.parse("sip:[2001:db8::10")).isInstanceOf(SipParseException.class);
    }

    @Test
    void sipUriUserWithEscapesAndSemicolons() {
        SipUri u = SipUri.parse("sip:user;par=u%40example.net@example.com");
        assertThat(u.user()).isEqualTo("user;par=u%40example.net");
        assertThat(u.host()).isEqualTo("example.com");
        SipUri e = SipUri.parse("sip:sips%3Auser%40example.com@example.net");
        assertThat(e.user()).isEqualTo("sips%3Auser%40example.com");
    }

    @Test
    void sipUriChanges() {
        SipUri u = SipUri.parse("sip:+15550001111@gw.example.com;transport=tls");
        assertThat(u.withHostPort("example.sip.twilio.com", -1).withoutParam("transport").toString())
                .isEqualTo("sip:+15550001111@example.sip.twilio.com");
        assertThat(u.withUser("bob").withParam("lr", null).toString()).isEqualTo("sip:bob@gw.example.com;transport=tls;lr");
        assertThat(SipUri.of("+1555", "wa.meta.vc").withParam("transport", "tls").toString())
                .isEqualTo("sip:+1555@wa.meta.vc;transport=tls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tel:+15550001111", "sip:", "sip:@host", "sip:user@", "sip:host:99999", "sip:host:12a",
        "sip:ho st", "sip:host;=x", "sip:h<o>st", "http://example.com", "sip:user@ho_st"})
    void badSipUrisAreRejected(String s) {
        assertThatThrownBy(() -> SipUri.parse(s)).isInstanceOf(SipParseException.class);
    }

    @Test
    void nameAddrForms() {
        NameAddr a = NameAddr.parse("\"Alice \\\"A\\\" Smith\" <sip:alice@example.com;transport=tcp>;tag=9fxced76sl;x=\"q v\"");
        assertThat(a.displayName()).isEqualTo("\"Alice \\\"A\\\" Smith\"");
        assertThat(a.uri().transport()).isEqualTo("tcp");
        assertThat(a.tag()).isEqualTo("9fxced76sl");
        assertThat(a.params().get("x")).isEqualTo("q v");

        NameAddr tokens = NameAddr.parse("Bob Smith<sip:bob@example.com>");
        assertThat(tokens.displayName()).isEqualTo("Bob Smith");
        assertThat(tokens.uri().user()).isEqualTo("bob");

        NameAddr spec = NameAddr.parse("sip:carol@example.com;tag=887s");
        assertThat(spec.uri().params().size()).isZero();
        assertThat(spec.tag()).isEqualTo("887s");

        NameAddr tel = NameAddr.parse("<tel:+15550001111>;tag=1");
        assertThat(tel.isSipUri()).isFalse();
        assertThat(tel.uriText()).isEqualTo("tel:+15550001111");

        assertThat(NameAddr.parse("*").isWildcard()).isTrue();
        assertThat(NameAddr.parse(" <sip:a@b> ;tag=x").withTag("y").toString()).isEqualTo("<sip:a@b>;tag=y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unterminated <sip:a@b>", "<sip:a@b", "Bob@Home <sip:b@h>", "sip:a@b?x=y",
        "\"A\" sip:a@b", "<sip:a@b> junk", "", "<>", "<noscheme>", "sip: user@example.com"})
    void badNameAddrsAreRejected(String s) {
        assertThatThrownBy(() -> NameAddr.parse(s)).isInstanceOf(SipParseException.class);
    }

    @Test
    void viaForms() {
        Via v = Via.parse("SIP / 2.0 / UDP first.example.com: 4000;ttl=16 ;maddr=224.2.0.1 ;branch=z9hG4bKa7c6a8dlze.1");
        assertThat(v.transport()).isEqualTo("UDP");
        assertThat(v.host()).isEqualTo("first.example.com");
        assertThat(v.port()).isEqualTo(4000);
        assertThat(v.branch()).isEqualTo("z9hG4bKa7c6a8dlze.1");
        assertThat(v.params().get("ttl")).isEqualTo("16");

        Via ipv6 = Via.parse("SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-x;rport");
        assertThat(ipv6.host()).isEqualTo("[2a03:2880:f22d:1c0::face:b00c]");
        Via stamped = ipv6.withParam("received", "[2a03:2880:f22d:1c0::face:b00c]").withParam("rport", "40000");
        assertThat(stamped.rport()).isEqualTo(40000);
        assertThat(stamped.toString()).isEqualTo(
                "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-x;rport=40000;received=[2a03:2880:f22d:1c0::face:b00c]");

        assertThat(Via.of("tcp", "gw.example.com", 5060, "z9hG4bK1").toString()).isEqualTo("SIP/2.0/TCP gw.example.com:5060;branch=z9hG4bK1");
        assertThat(Via.parse("SIP/2.0/UDP h;branch=abc").hasRfc3261Branch()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIP/2.0 host", "SIP/2.0/UDP", "SIP/2.0/UDP ;branch=x", "SIP/2.0/UDP host:port",
        "SIP/2.0/UDP host junk", "SIP/2.0/UDP [::1;branch=x"})
    void badViasAreRejected(String s) {
        assertThatThrownBy(() -> Via.parse(s)).isInstanceOf(SipParseException.class);
    }

    @Test
    void cseq() {
        assertThat(CSeq.parse(" 4711   INVITE ")).isEqualTo(new CSeq(4711, SipMethod.INVITE));
        assertThat(CSeq.parse("1 !interesting-Method0123456789_*+`.%indeed'~").method().name())
                .isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
        assertThatThrownBy(() -> CSeq.parse("2147483648 INVITE")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> CSeq.parse("INVITE")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> CSeq.parse("1 IN VITE")).isInstanceOf(SipParseException.class);
    }

    @Test
    void headerNameTable() {
        assertThat(SipHeaderName.of("via")).isEqualTo(SipHeaderName.VIA);
        assertThat(SipHeaderName.of("V")).isEqualTo(SipHeaderName.VIA);
        assertThat(SipHeaderName.of("CALL-id")).isEqualTo(SipHeaderName.CALL_ID);
        assertThat(SipHeaderName.of("i")).isEqualTo(SipHeaderName.CALL_ID);
        assertThat(SipHeaderName.of("l")).isEqualTo(SipHeaderName.CONTENT_LENGTH);
        assertThat(SipHeaderName.of("x-wa-meta-wacid")).isEqualTo(SipHeaderName.OTHER);
        assertThat(SipHeaderName.of("z")).isEqualTo(SipHeaderName.OTHER);
        for (SipHeaderName kind : SipHeaderName.values()) {
            if (kind != SipHeaderName.OTHER) {
                assertThat(SipHeaderName.of(kind.canonicalName())).isEqualTo(kind);
                assertThat(SipHeaderName.of(kind.canonicalName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(kind);
                if (kind.compactForm() != 0) {
                    assertThat(SipHeaderName.of(String.valueOf(kind.compactForm()))).isEqualTo(kind);
                }
            }
        }
    }

    @Test
    void methods() {
        assertThat(SipMethod.of("INVITE")).isSameAs(SipMethod.INVITE);
        assertThat(SipMethod.of("invite")).isNotEqualTo(SipMethod.INVITE);
        assertThat(SipMethod.of("NEWMETHOD").name()).isEqualTo("NEWMETHOD");
        assertThatThrownBy(() -> SipMethod.of("BAD METHOD")).isInstanceOf(IllegalArgumentException.class);
    }
}
