package io.sipgw.sdp;

/**
 * Decides whether an offered audio stream's transport can reach the other peer unchanged, which without a media
 * relay means plain RTP/AVP or SDES RTP/SAVP at an ordinary c= address.
 */
final class TransportCheck {

    private static final String AVP = "RTP/AVP";
    private static final String SAVP = "RTP/SAVP";

    private final SecureMedia secureMedia;

    TransportCheck(SecureMedia secureMedia) {
        this.secureMedia = secureMedia;
    }

    /** Null when the stream can be bridged, else why not. */
    Refusal check(SessionDescription offer, MediaDescription stream) {
        String proto = stream.proto();
        // RFC 5764 §8 / RFC 8842: UDP/TLS/RTP/SAVP(F), or any fingerprint, means keys come from a DTLS handshake.
        boolean fingerprint = stream.hasAttribute("fingerprint") || offer.hasSessionAttribute("fingerprint");
        if (proto.contains("TLS") || fingerprint) {
            return new Refusal(RejectionCause.DTLS_SRTP, "m=" + stream.media() + ' ' + proto
                    + (fingerprint ? " with a=fingerprint" : ""));
        }
        boolean srtp = SAVP.equals(proto);
        if (!srtp && !AVP.equals(proto)) {
            return new Refusal(RejectionCause.UNSUPPORTED_PROFILE, "m=" + stream.media() + ' ' + proto);
        }
        if (isIceOnly(offer, stream)) {
            return new Refusal(RejectionCause.ICE_ONLY, "ICE attributes with placeholder address "
                    + address(offer, stream) + " port " + stream.port());
        }
        // RFC 4568 §5: SDES keys travel in a=crypto, a media-level attribute.
        if (srtp && !stream.hasAttribute("crypto")) {
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

    /**
     * True when the stream carries ICE attributes but a placeholder address or the discard port 9: the address an
     * ICE agent writes before it has a real one (RFC 8839 §4.2.1), so only ICE would find the media.
     */
    private static boolean isIceOnly(SessionDescription offer, MediaDescription stream) {
        boolean ice = stream.hasAttribute("candidate") || stream.hasAttribute("ice-ufrag")
                || offer.hasSessionAttribute("ice-ufrag") || offer.hasSessionAttribute("ice-lite");
        if (!ice) {
            return false;
        }
        Connection c = stream.connection().orElse(offer.connection().orElse(null));
        return stream.port() == 9 || c == null || c.isUnspecified();
    }

    private static String address(SessionDescription offer, MediaDescription stream) {
        return stream.connection().or(offer::connection).map(Connection::address).orElse("(none)");
    }
}
