package io.sipgw.call;

import io.sipgw.auth.DigestAnswer;
import io.sipgw.auth.DigestParseException;
import io.sipgw.auth.DigestVerifier;
import io.sipgw.auth.FailureLimiter;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The digest challenge an INVITE must pass before it starts a call (RFC 3261 section 22.3, as a proxy: 407 and
 * Proxy-Authorization), with a per-source limit on failed attempts. Shared by every event loop; thread-safe.
 */
public final class CallerAuthentication {

    /** What to do with an INVITE. */
    public sealed interface Verdict permits Pass, Challenge, Refuse {
    }

    /** The credentials are good: the call may start. */
    public record Pass() implements Verdict {
    }

    /** No credentials of ours yet, or a stale nonce: answer 407 with these Proxy-Authenticate values. */
    public record Challenge(List<String> proxyAuthenticate) implements Verdict {
    }

    /**
     * Refused with 403; {@code reason} says why for the log (never a secret). {@code limitReached}: this failure
     * put the source over the failure limit; {@code blocked}: the source already was, and nothing was checked.
     */
    public record Refuse(String reason, boolean limitReached, boolean blocked) implements Verdict {
    }

    private final String realm;
    private final DigestVerifier verifier;
    private final FailureLimiter failures;

    /**
     * @param realm    the realm our challenges name, to pick our credentials among several
     * @param verifier checks an answer and makes challenges
     * @param failures counts failed answers per source
     */
    public CallerAuthentication(String realm, DigestVerifier verifier, FailureLimiter failures) {
        this.realm = Objects.requireNonNull(realm, "realm");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** Checks the Proxy-Authorization of {@code invite} from {@code source}. */
    public Verdict check(SipRequest invite, InetAddress source) {
        if (failures.blocked(source)) {
            return new Refuse("too many failed authentications from " + source.getHostAddress(), true, true);
        }
        String credentials = ours(invite.headerValues(SipHeaderName.PROXY_AUTHORIZATION));
        if (credentials == null) {
            return new Challenge(verifier.challenges(false));
        }
        DigestVerifier.Outcome outcome = verifier.verify(invite.method().toString(), invite.requestUriText(),
                credentials);
        if (outcome.isValid()) {
            return new Pass();
        }
        if (outcome.status() == DigestVerifier.Outcome.Status.STALE) {
            // RFC 7616 section 3.3: the password was right, the nonce too old; a new one, no failure counted.
            return new Challenge(verifier.challenges(true));
        }
        boolean limit = failures.recordFailure(source);
        return new Refuse(outcome.reason(), limit, false);
    }

    /**
     * The credentials meant for our realm among {@code values} (RFC 3261 section 22.3: a request may carry
     * credentials for several proxies); {@code null} when none are, which earns a challenge rather than a failure.
     */
    private String ours(List<String> values) {
        for (String value : values) {
            try {
                if (realm.equals(DigestAnswer.parse(value).realm())) {
                    return value;
                }
            } catch (DigestParseException e) {
                // Unreadable credentials are nobody's: the sender gets a challenge it can answer.
            }
        }
        return null;
    }
}
