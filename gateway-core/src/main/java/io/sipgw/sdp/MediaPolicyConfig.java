package io.sipgw.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link MediaPolicy}.
 *
 * @param allowedCodecs the codecs that may cross, in no particular order (the offer's order is kept)
 * @param warningHost   the host named in {@code Warning: 399 <host> "..."} (RFC 3261 §20.43), usually ours
 * @param secureMedia   which RTP profile the receiver of our offers accepts
 * @param limits        bounds on the SDP bodies parsed
 */
public record MediaPolicyConfig(List<CodecSpec> allowedCodecs, String warningHost, SecureMedia secureMedia,
                                SdpLimits limits) {

    public MediaPolicyConfig {
        allowedCodecs = List.copyOf(allowedCodecs);
        if (allowedCodecs.isEmpty()) {
            throw new IllegalArgumentException("the allowed codec list is empty");
        }
        if (warningHost == null || warningHost.isEmpty() || !isWarnAgent(warningHost)) {
            throw new IllegalArgumentException("bad Warning host \"" + warningHost + "\": expected host[:port]");
        }
        Objects.requireNonNull(secureMedia, "secureMedia");
        Objects.requireNonNull(limits, "limits");
    }

    /** {@link CodecSpec#DEFAULT_LIST}, both RTP profiles and {@link SdpLimits#DEFAULT}, naming {@code warningHost}. */
    public static MediaPolicyConfig defaults(String warningHost) {
        return new MediaPolicyConfig(CodecSpec.parseList(CodecSpec.DEFAULT_LIST), warningHost, SecureMedia.ANY,
                SdpLimits.DEFAULT);
    }

    /** The same settings with another allowed-codec list. */
    public MediaPolicyConfig withAllowedCodecs(List<CodecSpec> codecs) {
        return new MediaPolicyConfig(codecs, warningHost, secureMedia, limits);
    }

    /** The same settings with another RTP profile rule. */
    public MediaPolicyConfig withSecureMedia(SecureMedia rule) {
        return new MediaPolicyConfig(allowedCodecs, warningHost, rule, limits);
    }

    /** The same settings with other parse limits. */
    public MediaPolicyConfig withLimits(SdpLimits newLimits) {
        return new MediaPolicyConfig(allowedCodecs, warningHost, secureMedia, newLimits);
    }

    /** A warn-agent is a hostport or pseudonym token (RFC 3261 §25.1): no spaces, quotes or controls. */
    private static boolean isWarnAgent(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c >= 127 || c == '"') {
                return false;
            }
        }
        return true;
    }
}
