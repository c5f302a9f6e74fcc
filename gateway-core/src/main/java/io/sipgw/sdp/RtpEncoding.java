package io.sipgw.sdp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.List;

/**
 * What an RTP payload type carries: encoding name, clock rate and channel count, from {@code a=rtpmap}
 * (RFC 8866 §6.6) or the static table of RFC 3551 §6.
 *
 * @param name      the encoding name as written, such as "PCMU" or "opus"
 * @param clockRate the RTP clock rate in Hz
 * @param channels  the channel count, 1 when the rtpmap does not say
 */
public record RtpEncoding(String name, int clockRate, int channels) {

    private static final List<String> COMMON_NAMES = List.of("PCMU", "PCMA", "telephone-event", "opus", "G722",
            "G729");

    /** The RFC 4733 name of DTMF events. */
    static final String TELEPHONE_EVENT = "telephone-event";

    /**
     * Parses {@code a=rtpmap:<pt> <name>/<rate>[/<channels>]} straight from the line's bytes, or returns null when
     * the line does not have that shape (the format is then unknown, as if the line were missing).
     */
    static RtpEncoding parseRtpmap(byte[] b, int start, int end) {
        int p = start;
        while (p < end && b[p] != ' ') {
            p++;
        }
        int nameStart = p + 1;
        int slash = nameStart;
        while (slash < end && b[slash] != '/') {
            slash++;
        }
        int rateEnd = slash + 1;
        while (rateEnd < end && b[rateEnd] != '/') {
            rateEnd++;
        }
        int rate = positive(b, slash + 1, rateEnd);
        int channels = rateEnd == end ? 1 : positive(b, rateEnd + 1, end);
        if (slash <= nameStart || slash == end || rate <= 0 || channels <= 0) {
            return null;
        }
        return new RtpEncoding(name(b, nameStart, slash), rate, channels);
    }

    /** The common encoding names come from constants, so the usual rtpmap line costs no string. */
    private static String name(byte[] b, int from, int to) {
        for (int i = 0; i < COMMON_NAMES.size(); i++) {
            String known = COMMON_NAMES.get(i);
            if (equalsAscii(known, b, from, to)) {
                return known;
            }
        }
        return new String(b, from, to - from, ISO_8859_1);
    }

    private static boolean equalsAscii(String s, byte[] b, int from, int to) {
        if (s.length() != to - from) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static int positive(byte[] b, int from, int to) {
        if (to - from < 1 || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
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
}
