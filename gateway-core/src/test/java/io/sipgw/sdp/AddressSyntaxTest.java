package io.sipgw.sdp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressSyntaxTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "IP4 | 192.0.2.1 | true",
        "IP4 | 0.0.0.0 | true",
        "IP4 | 255.255.255.255 | true",
        "IP4 | 224.2.1.1/127 | true",
        "IP4 | 224.2.1.1/127/3 | true",
        "IP4 | media.example.com | true",
        "IP4 | 256.1.1.1 | false",
        "IP4 | 1.2.3 | false",
        "IP4 | 1.2.3.4.5 | false",
        "IP4 | 1..2.3 | false",
        "IP4 | 1.2.3.4/ | false",
        "IP4 | 1.2.3.4/x | false",
        "IP4 | bad_host | false",
        "IP6 | ::1 | true",
        "IP6 | :: | true",
        "IP6 | 2a03:2880:f22d:1c0::face:b00c | true",
        "IP6 | 2001:DB8:0:0:8:800:200C:417A | true",
        "IP6 | ::ffff:192.0.2.128 | true",
        "IP6 | fe80:: | true",
        "IP6 | 1:2:3:4:5:6:7:8 | true",
        "IP6 | ff15::efc0:988f/3 | true",
        "IP6 | media.example.com | true",
        "IP6 | 1:2:3:4:5:6:7 | false",
        "IP6 | 1:2:3:4:5:6:7:8:9 | false",
        "IP6 | 1::2::3 | false",
        "IP6 | :1:2 | false",
        "IP6 | 1:2: | false",
        "IP6 | 12345::1 | false",
        "IP6 | ::ffff:192.0.2 | false",
        "IP6 | 1:2:3:4:5:6:7:1.2.3.4 | false",
        "IP6 | g::1 | false",
        "X25 | anything-goes | true",
    })
    void checksAddressesByType(String addrType, String address, boolean valid) {
        byte[] value = ("IN " + addrType + ' ' + address).getBytes(US_ASCII);
        int[] bounds = new int[6];
        Fields.bounds(value, 0, value.length, bounds);

        assertThat(AddressSyntax.isValid(value, bounds, 0)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, true", "::, true", "0:0:0:0:0:0:0:0, true", "192.0.2.1, false", "::1, false"})
    void recognisesUnspecifiedAddresses(String address, boolean unspecified) {
        assertThat(new Connection("IN", "IP4", address).isUnspecified()).isEqualTo(unspecified);
    }
}
