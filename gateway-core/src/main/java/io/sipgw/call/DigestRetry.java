package io.sipgw.call;

import io.sipgw.auth.DigestChallenge;
import io.sipgw.auth.DigestClient;
import io.sipgw.auth.DigestParseException;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipStatus;
import io.sipgw.transaction.ClientTransaction;
import io.sipgw.transaction.ClientTransactionListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Answers a peer's digest challenge to one request we sent on a leg (RFC 3261 section 22.2): on 401
 * (WWW-Authenticate) or 407 (Proxy-Authenticate) it re-sends the request with Authorization or Proxy-Authorization,
 * CSeq + 1 and a new branch (the transaction has already ACKed a challenged INVITE), and hides the challenge from
 * the listener. It answers once, and once more only for {@code stale=true} (RFC 7616 section 3.3); a second
 * challenge after our credentials, a challenge it cannot answer, or a leg without credentials reaches the listener,
 * which treats it as a refusal.
 */
final class DigestRetry implements ClientTransactionListener {

    /** Told about each re-sent request, e.g. so that a call CANCELs and ACKs the new INVITE. */
    interface Resent {
        void resent(ClientTransaction transaction, long cseq);
    }

    private static final Resent NOBODY = (transaction, cseq) -> { };

    private final B2bua b2bua;
    private final Call call;
    private final Leg leg;
    private final ClientTransactionListener listener;
    private final BooleanSupplier wanted;
    private final Resent resent;
    private ClientTransaction current;
    private boolean answered;
    private boolean staleAnswered;

    private DigestRetry(B2bua b2bua, Call call, Leg leg, ClientTransactionListener listener, BooleanSupplier wanted,
                        Resent resent) {
        this.b2bua = b2bua;
        this.call = call;
        this.leg = leg;
        this.listener = listener;
        this.wanted = wanted;
        this.resent = resent;
    }

    /**
     * Sends {@code request} (taken over) on {@code leg} of {@code call}; its challenges are answered while
     * {@code wanted} holds, each re-sent request reported to {@code resent}.
     */
    static ClientTransaction send(B2bua b2bua, Call call, Leg leg, SipRequest request,
                                  ClientTransactionListener listener, BooleanSupplier wanted, Resent resent) {
        if (leg.credentials == null) {
            return b2bua.start(request, leg.transport, listener);
        }
        DigestRetry retry = new DigestRetry(b2bua, call, leg, listener, wanted, resent);
        retry.current = b2bua.start(request, leg.transport, retry);
        return retry.current;
    }

    /** {@link #send} for a request whose re-sending nobody needs to know about (BYE, INFO, ...). */
    static ClientTransaction send(B2bua b2bua, Call call, Leg leg, SipRequest request,
                                  ClientTransactionListener listener) {
        return send(b2bua, call, leg, request, listener, () -> true, NOBODY);
    }

    @Override
    public void onResponse(SipResponse response) {
        int status = response.status();
        if ((status == SipStatus.UNAUTHORIZED || status == SipStatus.PROXY_AUTHENTICATION_REQUIRED)
                && wanted.getAsBoolean()) {
            String refusal = answer(response);
            if (refusal == null) {
                return;
            }
            b2bua.log().warn("call {}: {} {} to our {} not answered: {}", call.callerCallId(), status,
                    response.reasonPhrase(), response.cseqMethod(), refusal);
        }
        listener.onResponse(response);
    }

    /** Re-sends the request with credentials; {@code null} when it did, else why not. */
    private String answer(SipResponse challenge) {
        boolean proxy = challenge.status() == SipStatus.PROXY_AUTHENTICATION_REQUIRED;
        DigestChallenge chosen;
        try {
            chosen = DigestChallenge.choose(challenges(challenge.headerValues(
                    proxy ? SipHeaderName.PROXY_AUTHENTICATE : SipHeaderName.WWW_AUTHENTICATE)));
        } catch (DigestParseException e) {
            return "unreadable challenge: " + e.getMessage();
        }
        if (chosen == null) {
            return "no Digest challenge with an algorithm and qop we support";
        }
        if (answered) {
            if (!chosen.stale() || staleAnswered) {
                return "the peer refused our credentials for user " + leg.credentials.username() + " in realm "
                        + chosen.realm() + " (check the username and password)";
            }
            staleAnswered = true;
        }
        answered = true;
        SipRequest previous = current.request();
        long cseq = leg.nextCSeq();
        String method = previous.method().toString();
        byte[] body = new byte[previous.bodyLength()];
        previous.body().getBytes(previous.body().readerIndex(), body);
        String credentials = DigestClient.authorization(chosen, leg.credentials, method, previous.requestUriText(),
                body, 1, DigestClient.newCnonce());
        SipRequest next = previous.toBuilder()
                .popVia().pushVia(leg.newVia())
                .setHeader(SipHeaderName.CSEQ, cseq + " " + method)
                .setHeader(proxy ? SipHeaderName.PROXY_AUTHORIZATION : SipHeaderName.AUTHORIZATION, credentials)
                .build(b2bua.alloc());
        b2bua.log().debug("call {}: {} answered for user {} in realm {} ({}), {} re-sent with CSeq {}",
                call.callerCallId(), challenge.status(), leg.credentials.username(), chosen.realm(),
                chosen.algorithmToken(), method, cseq);
        current = b2bua.start(next, leg.transport, this);
        resent.resent(current, cseq);
        return null;
    }

    private static List<DigestChallenge> challenges(List<String> values) throws DigestParseException {
        List<DigestChallenge> all = new ArrayList<>();
        for (String value : values) {
            all.addAll(DigestChallenge.parseAll(value));
        }
        return all;
    }

    @Override
    public void onTimeout() {
        listener.onTimeout();
    }

    @Override
    public void onTransportError(Throwable cause) {
        listener.onTransportError(cause);
    }

    @Override
    public void onTerminated() {
        // A challenged transaction ends while its successor goes on; only the last one's end is the request's.
        if (current.isTerminated()) {
            listener.onTerminated();
        }
    }
}
