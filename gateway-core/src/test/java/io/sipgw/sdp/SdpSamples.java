package io.sipgw.sdp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the sample bodies in src/test/resources/io/sipgw/sdp and converts between text and wire bytes. */
final class SdpSamples {

    /** The session-level lines of a minimal IPv4 offer, with LF line ends; tests append media sections. */
    static final String HEAD = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n";

    private SdpSamples() {
    }

    /** A sample file as a wire body: its LF line ends turned into CRLF. */
    static byte[] load(String name) {
        try (InputStream in = SdpSamples.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return crlf(new String(in.readAllBytes(), UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text with LF line ends as a CRLF wire body. */
    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(UTF_8);
    }

    /** Wire bytes as text, every byte one char. */
    static String text(byte[] body) {
        return new String(body, ISO_8859_1);
    }

    /** The message of the parse failure of {@code body}, or a test failure when it parses. */
    static String parseFailure(byte[] body, SdpLimits limits) {
        try {
            SessionDescription.parse(body, limits);
        } catch (SdpParseException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed but should not have: " + text(body));
    }

    static MediaPolicy policy() {
        return new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com"));
    }
}
