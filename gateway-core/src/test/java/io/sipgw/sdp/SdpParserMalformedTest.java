package io.sipgw.sdp;

import static io.sipgw.sdp.SdpSamples.HEAD;
import static io.sipgw.sdp.SdpSamples.crlf;
import static io.sipgw.sdp.SdpSamples.parseFailure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed body is a clean {@link SdpParseException} that says what is wrong, never another exception. */
class SdpParserMalformedTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty body", "", "empty SDP body"),
                Arguments.of("only blank lines", "\r\n\r\n", "empty SDP body"),
                Arguments.of("missing v=", "o=- 1 1 IN IP4 192.0.2.1\ns=-\nm=audio 5004 RTP/AVP 0\n", "v=0"),
                Arguments.of("wrong version", "v=1\no=- 1 1 IN IP4 192.0.2.1\n", "v=0"),
                Arguments.of("missing o=", "v=0\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n", "no o= line"),
                Arguments.of("two o= lines", HEAD + "o=- 2 2 IN IP4 192.0.2.1\n", "second o= line"),
                Arguments.of("short o=", "v=0\no=- 1 IN IP4 192.0.2.1\n", "o= needs 6 fields"),
                Arguments.of("o= version not a number", "v=0\no=- 1 v2 IN IP4 192.0.2.1\n", "not a number"),
                Arguments.of("bad o= address", "v=0\no=- 1 1 IN IP4 300.1.1.1\n", "o= address"),
                Arguments.of("not type=value", HEAD + "hello world\n", "not a <type>=<value> line"),
                Arguments.of("digit type", HEAD + "1=x\n", "not a <type>=<value> line"),
                Arguments.of("lone letter", HEAD + "a\n", "not a <type>=<value> line"),
                Arguments.of("m= without formats", HEAD + "m=audio 5004 RTP/AVP\n", "at least one format"),
                Arguments.of("m= with text port", HEAD + "m=audio port RTP/AVP 0\n", "m= port"),
                Arguments.of("m= port too big", HEAD + "m=audio 65536 RTP/AVP 0\n", "m= port"),
                Arguments.of("m= bad port count", HEAD + "m=audio 5004/x RTP/AVP 0\n", "m= port"),
                Arguments.of("m= payload type 128", HEAD + "m=audio 5004 RTP/AVP 0 128\n", "RTP payload type"),
                Arguments.of("m= payload type text", HEAD + "m=audio 5004 RTP/SAVP opus\n", "RTP payload type"),
                Arguments.of("m= only media", HEAD + "m=audio\n", "at least one format"),
                Arguments.of("no c= anywhere", "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 5004 RTP/AVP 0\n",
                        "no c= line"),
                Arguments.of("short c=", HEAD + "m=audio 5004 RTP/AVP 0\nc=IN IP4\n", "c= needs 3 fields"),
                Arguments.of("bad IPv4 c=", HEAD + "m=audio 5004 RTP/AVP 0\nc=IN IP4 192.0.2\n", "c= address"),
                Arguments.of("bad IPv6 c=", HEAD + "m=audio 5004 RTP/AVP 0\nc=IN IP6 2001:db8:::1\n", "c= address"),
                Arguments.of("IPv6 with two ::", HEAD + "m=audio 5004 RTP/AVP 0\nc=IN IP6 1::2::3\n", "c= address"),
                Arguments.of("IPv6 nine groups", HEAD + "m=audio 5004 RTP/AVP 0\nc=IN IP6 1:2:3:4:5:6:7:8:9\n",
                        "c= address"),
                Arguments.of("IPv6 in IP4 c=", HEAD + "m=audio 5004 RTP/AVP 0\nc=IN IP4 2001:db8::1\n", "c= address"),
                Arguments.of("NUL byte", HEAD + "a=x\0y\n", "NUL byte"),
                Arguments.of("stray CR", HEAD + "a=x\ry\n", "CR not followed by LF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesWithAReason(String name, String body, String reason) {
        assertThat(parseFailure(crlfIfAny(body), SdpLimits.DEFAULT)).contains(reason);
    }

    @Test
    void refusesTooManyLinesWhileScanning() {
        StringBuilder body = new StringBuilder(HEAD).append("m=audio 5004 RTP/AVP 0\n");
        for (int i = 0; i < 300; i++) {
            body.append("a=x-filler:").append(i).append('\n');
        }

        String failure = parseFailure(body.toString().getBytes(UTF_8), SdpLimits.DEFAULT);

        assertThat(failure).isEqualTo("line 257: more than 256 lines");
    }

    @Test
    void refusesAnOversizeBodyBeforeScanningIt() {
        byte[] body = new byte[SdpLimits.DEFAULT.maxBytes() + 1];

        assertThat(parseFailure(body, SdpLimits.DEFAULT)).contains("exceeds the limit of 16384");
    }

    @Test
    void givesTheLineNumberOfTheFault() throws Exception {
        byte[] body = crlf(HEAD + "m=audio 5004 RTP/AVP x\n");

        SdpParseException failure = catchParse(body);

        assertThat(failure.line()).isEqualTo(6);
        assertThat(failure.getMessage()).startsWith("line 6: ");
    }

    /** Random bytes and random damage to a real offer never escape as anything but a parse result. */
    @Test
    void survivesGarbage() {
        Random random = new Random(4);
        byte[] offer = SdpSamples.load("meta-sdes-g711.sdp");
        for (int round = 0; round < 5_000; round++) {
            byte[] body = round % 2 == 0 ? new byte[random.nextInt(64)] : offer.clone();
            if (round % 2 == 0) {
                random.nextBytes(body);
            } else {
                String damage = " =:/\r\n0a9\0m";
                for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
                    body[random.nextInt(body.length)] = (byte) damage.charAt(random.nextInt(damage.length()));
                }
            }
            try {
                SessionDescription.parse(body).toBytes();
            } catch (SdpParseException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            assertThat(SdpSamples.policy().filterOffer(body)).isNotNull();
        }
    }

    private static SdpParseException catchParse(byte[] body) {
        try {
            SessionDescription.parse(body);
        } catch (SdpParseException e) {
            return e;
        }
        throw new AssertionError("parsed");
    }

    private static byte[] crlfIfAny(String body) {
        return body.contains("\r") ? body.getBytes(UTF_8) : crlf(body);
    }
}
