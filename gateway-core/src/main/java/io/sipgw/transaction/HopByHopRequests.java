package io.sipgw.transaction;

import io.netty.buffer.ByteBufAllocator;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipRequestBuilder;
import io.sipgw.sip.SipResponse;

/**
 * The two requests built from an INVITE that travel hop by hop with its branch: the ACK for a 3xx-6xx response and
 * the CANCEL. Both copy the Request-URI, Call-ID, From, the CSeq number, the top Via alone and the Route headers.
 */
final class HopByHopRequests {

    /** The Max-Forwards of RFC 3261 section 8.1.1.6, for an INVITE that had none. */
    private static final String DEFAULT_MAX_FORWARDS = "70";

    private HopByHopRequests() {
    }

    /**
     * RFC 3261 section 17.1.1.3: the ACK for a 3xx-6xx response to {@code invite}, with the To header of the
     * response (so with its tag).
     */
    static SipRequest ack(SipRequest invite, SipResponse response, ByteBufAllocator alloc) {
        return build(invite, SipMethod.ACK, response.header(SipHeaderName.TO), alloc);
    }

    /** RFC 3261 section 9.1: the CANCEL of {@code invite}, with the To header of the INVITE. */
    static SipRequest cancel(SipRequest invite, ByteBufAllocator alloc) {
        return build(invite, SipMethod.CANCEL, invite.header(SipHeaderName.TO), alloc);
    }

    private static SipRequest build(SipRequest invite, SipMethod method, String to, ByteBufAllocator alloc) {
        SipRequestBuilder b = SipRequestBuilder.create(method, invite.requestUriText())
                .addHeader(SipHeaderName.VIA, invite.topVia().toString());
        for (String route : invite.headers(SipHeaderName.ROUTE.canonicalName())) {
            b.addHeader(SipHeaderName.ROUTE, route);
        }
        String maxForwards = invite.header(SipHeaderName.MAX_FORWARDS);
        return b.addHeader(SipHeaderName.MAX_FORWARDS, maxForwards == null ? DEFAULT_MAX_FORWARDS : maxForwards)
                .addHeader(SipHeaderName.FROM, invite.header(SipHeaderName.FROM))
                .addHeader(SipHeaderName.TO, to)
                .addHeader(SipHeaderName.CALL_ID, invite.callId())
                .addHeader(SipHeaderName.CSEQ, invite.cseqNumber() + " " + method.name())
                .build(alloc);
    }
}
