package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the allowed-codec list: an encoding name, optionally with a clock rate, such as {@code PCMU} or
 * {@code opus/48000}; it matches an {@link RtpEncoding} by name (ignoring case) and, when given, clock rate.
 *
 * @param name      the encoding name, as in {@code a=rtpmap} (RFC 8866 §6.6)
 * @param clockRate the clock rate in Hz, or 0 for any
 */
public record CodecSpec(String name, int clockRate) {

    /** The default list: what Twilio terminates without transcoding, plus DTMF events. */
    public static final String DEFAULT_LIST = "PCMU,PCMA,telephone-event";

    public CodecSpec {
        if (name == null || name.isEmpty() || !isToken(name) || clockRate < 0) {
            throw new IllegalArgumentException("bad codec \"" + name + "\": expected NAME or NAME/CLOCKRATE");
        }
    }

    /** Parses a comma-separated list such as {@code PCMU,PCMA,telephone-event}, refusing an empty one. */
    public static List<CodecSpec> parseList(String list) {
        List<CodecSpec> specs = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            specs.add(parse(entry.strip()));
        }
        return List.copyOf(specs);
    }

    /** Parses {@code NAME} or {@code NAME/CLOCKRATE}. */
    public static CodecSpec parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new CodecSpec(text, 0);
        }
        int rate = MediaLine.number(text.substring(slash + 1), 99999);
        if (rate <= 0) {
            throw new IllegalArgumentException("bad codec \"" + text + "\": clock rate must be a number of Hz");
        }
        return new CodecSpec(text.substring(0, slash), rate);
    }

    /** True when {@code encoding} has this name (ignoring case) and, if this spec names one, this clock rate. */
    public boolean matches(RtpEncoding encoding) {
        return (clockRate == 0 || clockRate == encoding.clockRate()) && name.equalsIgnoreCase(encoding.name());
    }

    @Override
    public String toString() {
        return clockRate == 0 ? name : name + '/' + clockRate;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || c == '/' || c == ',') {
                return false;
            }
        }
        return true;
    }
}
