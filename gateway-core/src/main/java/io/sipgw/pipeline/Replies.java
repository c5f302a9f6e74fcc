package io.sipgw.pipeline;

import io.netty.channel.ChannelFuture;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponseBuilder;
import io.sipgw.sip.SipStatus;
import io.sipgw.transport.Flow;

import java.util.concurrent.ThreadLocalRandom;

/** Responses the gateway makes up itself, as a UAS without transaction state, sent back where the request came from. */
final class Replies {

    /** The methods the gateway handles, for Allow (RFC 3261 section 20.5). */
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";
    /** The only body the gateway understands, for Accept (RFC 3261 section 20.1). */
    static final String ACCEPT = "application/sdp";
    /** The option tags the gateway supports: none yet (no 100rel, timer, path or outbound). */
    static final String SUPPORTED = "";

    private Replies() {
    }

    /**
     * A response to {@code request} with a To tag added (RFC 3261 section 8.2.6.2); a To header too malformed to
     * take a tag is copied as it is.
     */
    static SipResponseBuilder to(SipRequest request, int status, String reason) {
        SipResponseBuilder response = SipResponseBuilder.forRequest(request, status, reason);
        try {
            response.toTag(newTag());
        } catch (SipParseException | IllegalArgumentException e) {
            // Answered anyway: the sender learns what was wrong, which is the point of the response.
        }
        return response;
    }

    /** {@code 503} with Retry-After (RFC 3261 section 21.5.4), for requests the gateway cannot take now. */
    static SipResponseBuilder unavailable(SipRequest request, int retryAfterSeconds) {
        return to(request, SipStatus.SERVICE_UNAVAILABLE, null)
                .addHeader(SipHeaderName.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }

    /** {@code 200} to an OPTIONS, with what the gateway accepts and supports (RFC 3261 section 11.2). */
    static SipResponseBuilder options(SipRequest request) {
        return to(request, SipStatus.OK, null)
                .addHeader(SipHeaderName.ALLOW, ALLOW)
                .addHeader(SipHeaderName.ACCEPT, ACCEPT)
                .addHeader(SipHeaderName.SUPPORTED, SUPPORTED);
    }

    /**
     * Builds {@code response} and sends it where responses to {@code request} go (see {@link Flow#forResponse});
     * an ACK is never answered (RFC 3261 section 17.2.1), and then nothing is sent and {@code null} returned.
     */
    static ChannelFuture send(SipRequest request, Flow flow, SipResponseBuilder response) {
        if (SipMethod.ACK.equals(request.method())) {
            return null;
        }
        return responseFlow(request, flow).send(response.build(flow.channel().alloc()));
    }

    /** The flow of the responses to {@code request}; the arrival flow itself when the top Via cannot be read. */
    static Flow responseFlow(SipRequest request, Flow flow) {
        try {
            return flow.forResponse(request.topVia());
        } catch (SipParseException e) {
            return flow;
        }
    }

    /** A To tag with 64 random bits (RFC 3261 section 19.3 asks for at least 32). */
    static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
