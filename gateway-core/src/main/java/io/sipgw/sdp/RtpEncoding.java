package io.sipgw.sdp;

/**
 * What an RTP payload type carries: encoding name, clock rate and channel count, from {@code a=rtpmap}
 * (RFC 8866 §6.6) or the static table of RFC 3551 §6.
 *
 * @param name      the encoding name as written, such as "PCMU" or "opus"
 * @param clockRate the RTP clock rate in Hz
 * @param channels  the channel count, 1 when the rtpmap does not say
 */
public record RtpEncoding(String name, int clockRate, int channels) {

    /** The RFC 4733 name of DTMF events. */
    static final String TELEPHONE_EVENT = "telephone-event";

    /**
     * Parses the value of {@code a=rtpmap:<pt> <name>/<rate>[/<channels>]}, or returns null when it does not have
     * that shape (the format is then unknown, as if the line were missing).
     */
    static RtpEncoding parseRtpmap(String value) {
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        int slash = value.indexOf('/', space + 1);
        if (slash <= space + 1) {
            return null;
        }
        int slash2 = value.indexOf('/', slash + 1);
        int rateEnd = slash2 < 0 ? value.length() : slash2;
        int rate = parsePositive(value, slash + 1, rateEnd);
        int channels = slash2 < 0 ? 1 : parsePositive(value, slash2 + 1, value.length());
        if (rate <= 0 || channels <= 0) {
            return null;
        }
        return new RtpEncoding(value.substring(space + 1, slash), rate, channels);
    }

    /** True when both name the same codec: same name ignoring case, same clock rate, same channels. */
    public boolean sameCodec(RtpEncoding other) {
        return clockRate == other.clockRate && channels == other.channels && name.equalsIgnoreCase(other.name);
    }

    /** True for RFC 4733 telephone-event, which is only useful next to a voice codec of the same clock rate. */
    public boolean isTelephoneEvent() {
        return TELEPHONE_EVENT.equalsIgnoreCase(name);
    }

    @Override
    public String toString() {
        return channels == 1 ? name + '/' + clockRate : name + '/' + clockRate + '/' + channels;
    }

    private static int parsePositive(String s, int from, int to) {
        if (to - from < 1 || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
