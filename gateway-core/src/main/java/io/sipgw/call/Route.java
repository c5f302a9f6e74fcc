package io.sipgw.call;

import io.sipgw.auth.DigestCredentials;
import io.sipgw.sip.SipUri;

import java.util.Objects;

/**
 * How one admitted INVITE is bridged: where the callee-leg INVITE goes, who it says it is from, which media policy
 * its offer passes, and which credentials answer a digest challenge on either leg.
 *
 * @param direction           which way the call goes
 * @param calleeUri           the Request-URI and To URI of the callee-leg INVITE
 * @param calleeFrom          the From URI of the callee leg
 * @param media               the policy of offers sent to the callee and answers coming back
 * @param callerAuth          the digest challenge the caller must pass first, or {@code null} for none
 * @param callerCredentials   what answers a challenge to our requests on the caller leg (its BYE), or {@code null}
 * @param calleeCredentials   what answers a challenge to our requests on the callee leg, or {@code null}
 */
public record Route(Direction direction, SipUri calleeUri, SipUri calleeFrom, MediaBridge media,
                    CallerAuthentication callerAuth, DigestCredentials callerCredentials,
                    DigestCredentials calleeCredentials) {

    /** Checks that the parts every call needs are there. */
    public Route {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(calleeUri, "calleeUri");
        Objects.requireNonNull(calleeFrom, "calleeFrom");
        Objects.requireNonNull(media, "media");
    }
}
