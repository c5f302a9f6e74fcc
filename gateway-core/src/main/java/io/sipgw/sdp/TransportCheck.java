package io.sipgw.sdp;

import java.util.List;

/**
 * Decides whether an offered audio stream's transport can reach the other peer unchanged, which without a media
 * relay means plain RTP/AVP or SDES RTP/SAVP at an ordinary c= address.
 */
final class TransportCheck {

    private static final String AVP = "RTP/AVP";
    private static final int FINGERPRINT = 1;
    private static final int ICE = 2;
    private static final int CRYPTO = 4;
    private static final String SAVP = "RTP/SAVP";

    private final SecureMedia secureMedia;

    TransportCheck(SecureMedia secureMedia) {
        this.secureMedia = secureMedia;
    }

    /** Null when the stream can be bridged, else why not. */
    Refusal check(SessionDescription offer, MediaDescription stream) {
        String proto = stream.proto();
        int media = attributes(stream.lines());
        int attributes = media | attributes(offer.sessionLines());
        // RFC 5764 §8 / RFC 8842: UDP/TLS/RTP/SAVP(F), or any fingerprint, means keys come from a DTLS handshake.
        boolean fingerprint = (attributes & FINGERPRINT) != 0;
        if (proto.contains("TLS") || fingerprint) {
            return new Refusal(RejectionCause.DTLS_SRTP, "m=" + stream.media() + ' ' + proto
                    + (fingerprint ? " with a=fingerprint" : ""));
        }
        boolean srtp = SAVP.equals(proto);
        if (!srtp && !AVP.equals(proto)) {
            return new Refusal(RejectionCause.UNSUPPORTED_PROFILE, "m=" + stream.media() + ' ' + proto);
        }
        if ((attributes & ICE) != 0 && hasPlaceholderAddress(offer, stream)) {
            return new Refusal(RejectionCause.ICE_ONLY, "ICE attributes with placeholder address "
                    + address(offer, stream) + " port " + stream.port());
        }
        // RFC 4568 §5: SDES keys travel in a=crypto, a media-level attribute.
        if (srtp && (media & CRYPTO) == 0) {
            return new Refusal(RejectionCause.SDES_KEYS_MISSING, "m=" + stream.media() + ' ' + proto);
        }
        if (srtp && secureMedia == SecureMedia.OFF) {
            return new Refusal(RejectionCause.SRTP_NOT_ACCEPTED, "offer is " + SAVP + ", secure media is off");
        }
        if (!srtp && secureMedia == SecureMedia.REQUIRED) {
            return new Refusal(RejectionCause.SRTP_REQUIRED, "offer is " + AVP + ", secure media is required");
        }
        return null;
    }

    /** Which of the DTLS, ICE and SDES attributes (RFC 8842, RFC 8839, RFC 4568) the lines hold, in one pass. */
    private static int attributes(List<SdpLine> lines) {
        int found = 0;
        for (int i = 0; i < lines.size(); i++) {
            SdpLine line = lines.get(i);
            switch (line.attributeInitial()) {
                case 'c' -> found |= line.isAttribute("crypto") ? CRYPTO : line.isAttribute("candidate") ? ICE : 0;
                case 'f' -> found |= line.isAttribute("fingerprint") ? FINGERPRINT : 0;
                case 'i' -> found |= line.isAttribute("ice-ufrag") || line.isAttribute("ice-lite") ? ICE : 0;
                default -> {
                }
            }
        }
        return found;
    }

    /**
     * True for the discard port 9 or an unspecified address: what an ICE agent writes before it has a real
     * address (RFC 8839, RFC 8840), so next to ICE attributes only ICE would find the media.
     */
    private static boolean hasPlaceholderAddress(SessionDescription offer, MediaDescription stream) {
        Connection c = stream.connection().orElse(offer.connection().orElse(null));
        return stream.port() == 9 || c == null || c.isUnspecified();
    }

    private static String address(SessionDescription offer, MediaDescription stream) {
        return stream.connection().or(offer::connection).map(Connection::address).orElse("(none)");
    }
}
