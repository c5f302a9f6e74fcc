package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the policy to an offer: each audio stream is checked and narrowed to the allowed codecs, every other
 * stream is disabled, and the offer is refused when no audio stream survives.
 */
final class OfferFilter {

    private final TransportCheck transport;
    private final CodecSelection codecs;
    private final RejectionWriter rejections;

    OfferFilter(TransportCheck transport, CodecSelection codecs, RejectionWriter rejections) {
        this.transport = transport;
        this.codecs = codecs;
        this.rejections = rejections;
    }

    PolicyResult filter(SessionDescription offer) {
        List<MediaDescription> sections = offer.media();
        List<MediaDescription> out = null;
        List<String> disabledMids = null;
        Refusal firstRefusal = null;
        int activeAudio = 0;
        for (int i = 0; i < sections.size(); i++) {
            MediaDescription section = sections.get(i);
            if (section.port() == 0) {
                continue;
            }
            MediaDescription replacement;
            if (section.isAudio()) {
                Refusal refusal = transport.check(offer, section);
                List<String> kept = refusal == null ? codecs.select(section) : List.of();
                if (refusal == null && kept.isEmpty()) {
                    refusal = new Refusal(RejectionCause.NO_ALLOWED_CODEC, codecs.describe(section));
                }
                if (refusal == null) {
                    activeAudio++;
                    if (kept == section.formats()) {
                        continue;
                    }
                    replacement = section.withFormats(kept);
                } else {
                    firstRefusal = firstRefusal == null ? refusal : firstRefusal;
                    replacement = section.disabled();
                }
            } else {
                // RFC 3264 §8.2: a stream is removed by setting its port to zero, never by deleting its m= line,
                // so the answer's m= lines still pair with the offer's.
                replacement = section.disabled();
            }
            if (replacement.port() == 0) {
                disabledMids = addMid(disabledMids, section);
            }
            if (out == null) {
                out = new ArrayList<>(sections);
            }
            out.set(i, replacement);
        }
        if (activeAudio == 0) {
            return rejections.reject(firstRefusal != null ? firstRefusal
                    : new Refusal(RejectionCause.NO_AUDIO, sections.size() + " media sections, none active audio"));
        }
        if (out == null) {
            return new PolicyResult.Unchanged(offer);
        }
        List<SdpLine> sessionLines = disabledMids == null ? offer.sessionLines()
                : withoutBundledMids(offer.sessionLines(), disabledMids);
        SessionDescription filtered = offer.with(sessionLines, List.copyOf(out));
        return new PolicyResult.Rewritten(filtered.toBytes(), filtered);
    }

    private static List<String> addMid(List<String> mids, MediaDescription section) {
        List<String> values = section.attributes("mid");
        if (values.isEmpty()) {
            return mids;
        }
        List<String> result = mids == null ? new ArrayList<>(2) : mids;
        result.add(values.get(0));
        return result;
    }

    /**
     * RFC 8843 (BUNDLE): a port-zero section inside a BUNDLE group would mean "bundle-only" rather than
     * "disabled", so a section we disable must also leave every {@code a=group:BUNDLE}; a group left empty goes.
     */
    private static List<SdpLine> withoutBundledMids(List<SdpLine> lines, List<String> disabledMids) {
        List<SdpLine> result = new ArrayList<>(lines.size());
        for (SdpLine line : lines) {
            if (!line.isAttribute("group")) {
                result.add(line);
                continue;
            }
            String[] tags = line.attributeValue().split(" ");
            if (!"BUNDLE".equals(tags[0])) {
                result.add(line);
                continue;
            }
            StringBuilder group = new StringBuilder("a=group:BUNDLE");
            int remaining = 0;
            for (int i = 1; i < tags.length; i++) {
                if (!tags[i].isEmpty() && !disabledMids.contains(tags[i])) {
                    group.append(' ').append(tags[i]);
                    remaining++;
                }
            }
            if (remaining == tags.length - 1) {
                result.add(line);
            } else if (remaining > 0) {
                result.add(SdpLine.of(group.toString()));
            }
        }
        return List.copyOf(result);
    }
}
