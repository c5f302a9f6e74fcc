package io.sipgw.pipeline;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transport.Flow;

/**
 * Where the pipeline hands the requests and responses it does not handle itself (everything but decode errors,
 * out-of-dialog OPTIONS and, while draining, new INVITEs); the B2BUA plugs in here.
 *
 * <p>Methods are called on the event loop of the channel the message arrived on, by every channel of the
 * gateway, so an implementation must be safe to call from several loops. A message is valid only during the call:
 * the pipeline releases it afterwards, and an implementation that keeps it must {@code retain()} it. Responses to a
 * request go back over {@code flow.forResponse(request.topVia())}.
 */
public interface SipEndpoint {

    /**
     * A request, its top Via already carrying {@code received} and {@code rport} where RFC 3261 section 18.2.1
     * and RFC 3581 section 4 ask for them.
     */
    void onRequest(SipRequest request, Flow flow);

    /** A response, for the client transaction it belongs to. */
    void onResponse(SipResponse response, Flow flow);
}
