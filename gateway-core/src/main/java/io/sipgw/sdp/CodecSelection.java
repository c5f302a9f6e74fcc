package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which formats of an offered audio stream may cross: the allowed voice codecs, and telephone-event only
 * at a clock rate one of them uses, all in the offer's order.
 */
final class CodecSelection {

    private final List<CodecSpec> allowed;

    CodecSelection(List<CodecSpec> allowed) {
        this.allowed = allowed;
    }

    /**
     * The formats to keep: the very list {@code stream.formats()} when all of them stay, an empty list when no
     * allowed voice codec is offered, otherwise an ordered sub-list.
     */
    List<String> select(MediaDescription stream) {
        List<String> formats = stream.formats();
        int n = formats.size();
        RtpEncoding[] encodings = stream.encodings();
        boolean[] keep = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            RtpEncoding encoding = encodings[i];
            if (encoding != null && !encoding.isTelephoneEvent() && isAllowed(encoding)) {
                keep[i] = true;
                kept++;
            }
        }
        if (kept == 0) {
            return List.of();
        }
        // RFC 4733: events share the timestamp clock of the audio they accompany, so an event format is
        // useless at a clock rate no kept voice codec runs at (telephone-event/48000 next to G.711 only).
        for (int i = 0; i < n; i++) {
            RtpEncoding encoding = encodings[i];
            if (encoding != null && encoding.isTelephoneEvent() && isAllowed(encoding)
                    && voiceRateKept(encodings, keep, encoding.clockRate())) {
                keep[i] = true;
                kept++;
            }
        }
        if (kept == n) {
            return formats;
        }
        List<String> selected = new ArrayList<>(kept);
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                selected.add(formats.get(i));
            }
        }
        return selected;
    }

    /** The offered encodings as text, for a log line saying what was offered and what is allowed. */
    String describe(MediaDescription stream) {
        StringBuilder out = new StringBuilder("offered ");
        RtpEncoding[] encodings = stream.encodings();
        for (int i = 0; i < encodings.length; i++) {
            out.append(encodings[i] == null ? "PT " + stream.formats().get(i) : encodings[i]).append(", ");
        }
        out.setLength(out.length() - 2);
        out.append("; allowed ");
        for (CodecSpec spec : allowed) {
            out.append(spec).append(", ");
        }
        out.setLength(out.length() - 2);
        return out.toString();
    }

    private boolean isAllowed(RtpEncoding encoding) {
        for (CodecSpec spec : allowed) {
            if (spec.matches(encoding)) {
                return true;
            }
        }
        return false;
    }

    private static boolean voiceRateKept(RtpEncoding[] encodings, boolean[] keep, int clockRate) {
        for (int i = 0; i < encodings.length; i++) {
            if (keep[i] && !encodings[i].isTelephoneEvent() && encodings[i].clockRate() == clockRate) {
                return true;
            }
        }
        return false;
    }
}
