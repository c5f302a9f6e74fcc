package io.sipgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostAndPortTest {

    @ParameterizedTest
    @CsvSource({
        "acme.sip.twilio.com, acme.sip.twilio.com, -1",
        "acme.sip.twilio.com:5061, acme.sip.twilio.com, 5061",
        "ACME.sip.twilio.com., ACME.sip.twilio.com., -1",
        "localhost:5060, localhost, 5060",
        "203.0.113.5:5080, 203.0.113.5, 5080",
        "'[2001:db8::1]:5061', 2001:db8::1, 5061",
        "'[::1]', ::1, -1",
        "'2001:db8::1', 2001:db8::1, -1"
    })
    void parsesHostAndOptionalPort(String text, String host, int port) {
        HostAndPort parsed = HostAndPort.parse(text);

        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port < 0 ? OptionalInt.empty() : OptionalInt.of(port));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ":5060", "host:", "host:0", "host:65536", "host:50a", "-bad.example.com", "bad-.example.com",
        "a..b", "under_score.example.com", "999.1.1.1", "1.2.3", "[2001:db8::1", "[2001:db8::1]5060",
        "[host]:5060", "sip:acme.sip.twilio.com", "acme.sip.twilio.com/path"
    })
    void rejectsWhatIsNotAHost(String text) {
        assertThatThrownBy(() -> HostAndPort.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.sip.twilio.com", "acme.sip.twilio.com:5061", "[2001:db8::1]:5061", "10.0.0.1"})
    void toStringIsTheParsedForm(String text) {
        assertThat(HostAndPort.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.1, true", "[::1]:5060, true", "sip.example.com, false"})
    void knowsLiteralsFromNames(String text, boolean literal) {
        assertThat(HostAndPort.parse(text).isIpLiteral()).isEqualTo(literal);
    }
}
