package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks an answer against the offer we sent (RFC 3264 §6, RFC 4568 §7.1.3): same streams, same transports,
 * formats only from the offer (unknown ones are stripped, none is ever added) and an offered SRTP crypto suite.
 */
final class AnswerVerifier {

    private final RejectionWriter rejections;

    AnswerVerifier(RejectionWriter rejections) {
        this.rejections = rejections;
    }

    PolicyResult verify(SessionDescription offer, SessionDescription answer) {
        List<MediaDescription> offered = offer.media();
        List<MediaDescription> answered = answer.media();
        if (offered.size() != answered.size()) {
            // RFC 3264 §6: the answer has exactly as many m= lines as the offer.
            return mismatch("answer has " + answered.size() + " m= lines, the offer had " + offered.size());
        }
        List<MediaDescription> out = null;
        int activeAudio = 0;
        for (int i = 0; i < offered.size(); i++) {
            MediaDescription o = offered.get(i);
            MediaDescription a = answered.get(i);
            int number = i + 1;
            if (!o.media().equals(a.media())) {
                return mismatch("m= line " + number + " is " + a.media() + " in the answer, " + o.media()
                        + " in the offer");
            }
            if (o.port() == 0) {
                if (a.port() != 0) {
                    return mismatch("answer enables stream " + number + ", which the offer disabled");
                }
                continue;
            }
            if (a.port() == 0) {
                continue;
            }
            if (!o.proto().equals(a.proto())) {
                return mismatch("stream " + number + " answered with " + a.proto() + ", offered " + o.proto());
            }
            if (!a.isAudio() || !a.isRtp()) {
                continue;
            }
            Refusal crypto = checkCrypto(o, a, number);
            if (crypto != null) {
                return rejections.reject(crypto);
            }
            List<String> kept = acceptedFormats(o, a);
            if (kept == null) {
                return rejections.reject(new Refusal(RejectionCause.ANSWER_NO_CODEC, "stream " + number
                        + " answered with " + a.formats() + ", offered " + o.formats()));
            }
            activeAudio++;
            if (kept != a.formats()) {
                if (out == null) {
                    out = new ArrayList<>(answered);
                }
                out.set(i, a.withFormats(kept));
            }
        }
        if (activeAudio == 0) {
            return rejections.reject(new Refusal(RejectionCause.ANSWER_NO_CODEC, "answer declined every audio"
                    + " stream"));
        }
        if (out == null) {
            return new PolicyResult.Unchanged(answer);
        }
        SessionDescription stripped = answer.with(answer.sessionLines(), List.copyOf(out));
        return new PolicyResult.Rewritten(stripped.toBytes(), stripped);
    }

    /**
     * The answer's formats that were offered: the same payload type for the same codec, or (RFC 3264 §6.1 lets
     * the answerer renumber) another payload type for an offered codec. Returns the answer's own list when all
     * pass, null when no voice codec passes.
     */
    private static List<String> acceptedFormats(MediaDescription o, MediaDescription a) {
        List<String> formats = a.formats();
        List<String> kept = new ArrayList<>(formats.size());
        boolean voice = false;
        for (String format : formats) {
            int payloadType = MediaLine.number(format, 127);
            RtpEncoding answered = a.encodingOf(payloadType);
            boolean sameNumber = o.formats().contains(format);
            RtpEncoding offered = sameNumber ? o.encodingOf(payloadType) : null;
            boolean accepted = sameNumber
                    ? answered == null || offered == null || answered.sameCodec(offered)
                    : answered != null && offersCodec(o, answered);
            if (accepted) {
                kept.add(format);
                RtpEncoding encoding = answered != null ? answered : offered;
                voice |= encoding != null && !encoding.isTelephoneEvent();
            }
        }
        if (!voice) {
            return null;
        }
        return kept.size() == formats.size() ? formats : kept;
    }

    private static boolean offersCodec(MediaDescription o, RtpEncoding codec) {
        for (String format : o.formats()) {
            RtpEncoding offered = o.encodingOf(MediaLine.number(format, 127));
            if (offered != null && offered.sameCodec(codec)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 4568 §7.1.3: the answer's a=crypto must carry the tag and suite of one offered a=crypto line. */
    private static Refusal checkCrypto(MediaDescription o, MediaDescription a, int number) {
        List<String> offeredLines = o.attributes("crypto");
        if (offeredLines.isEmpty()) {
            return null;
        }
        List<String> answeredLines = a.attributes("crypto");
        if (answeredLines.isEmpty()) {
            return new Refusal(RejectionCause.ANSWER_CRYPTO, "stream " + number + " answered without a=crypto");
        }
        List<CryptoAttribute> offered = new ArrayList<>(offeredLines.size());
        for (String line : offeredLines) {
            CryptoAttribute parsed = CryptoAttribute.parse(line);
            if (parsed != null) {
                offered.add(parsed);
            }
        }
        for (String line : answeredLines) {
            CryptoAttribute chosen = CryptoAttribute.parse(line);
            if (chosen == null || !offered.contains(chosen)) {
                return new Refusal(RejectionCause.ANSWER_CRYPTO, "stream " + number + " answered with "
                        + (chosen == null ? "a malformed a=crypto" : "a=crypto " + chosen) + ", offered "
                        + offered);
            }
        }
        return null;
    }

    private PolicyResult.Rejected mismatch(String detail) {
        return rejections.reject(new Refusal(RejectionCause.ANSWER_MISMATCH, detail));
    }
}
