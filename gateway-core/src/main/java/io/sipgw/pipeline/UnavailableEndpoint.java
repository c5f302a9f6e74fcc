package io.sipgw.pipeline;

import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipStatus;
import io.sipgw.transport.Flow;

/**
 * The endpoint until the B2BUA exists: new requests are answered {@code 503} with Retry-After, requests that
 * belong to a dialog or transaction get {@code 481} since there is none, ACKs are absorbed and responses dropped.
 */
final class UnavailableEndpoint implements SipEndpoint {

    private final SipTrafficListener listener;
    private final int retryAfterSeconds;

    UnavailableEndpoint(SipTrafficListener listener, int retryAfterSeconds) {
        this.listener = listener;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void onRequest(SipRequest request, Flow flow) {
        SipMethod method = request.method();
        if (SipMethod.ACK.equals(method)) {
            // The ACK of a non-2xx final response ends that transaction; nothing more to do (RFC 3261 17.2.1).
            return;
        }
        if (SipMethod.CANCEL.equals(method) || request.toTag() != null) {
            // RFC 3261 sections 9.2 and 12.2.2: no transaction to cancel, no dialog to continue.
            Replies.send(request, flow, Replies.to(request, SipStatus.CALL_DOES_NOT_EXIST, null));
            return;
        }
        Replies.send(request, flow, Replies.unavailable(request, retryAfterSeconds));
    }

    @Override
    public void onResponse(SipResponse response, Flow flow) {
        listener.messageDropped(flow.transport(), flow.remote(), response, "no matching transaction");
    }
}
