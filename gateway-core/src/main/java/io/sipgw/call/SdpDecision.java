package io.sipgw.call;

import io.netty.buffer.ByteBufAllocator;
import io.sipgw.sdp.PolicyResult;
import io.sipgw.sdp.SessionDescription;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMessageBuilder;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipResponseBuilder;

/** What the {@link MediaBridge} decided about a message crossing from one leg to the other. */
public sealed interface SdpDecision permits SdpDecision.NoSdp, SdpDecision.Forward, SdpDecision.Refuse {

    /** The message carries no SDP (no body, or neither {@code application/sdp} nor a multipart with an SDP part). */
    record NoSdp() implements SdpDecision {
    }

    /**
     * Forward the message: with its body as it is ({@code newBody} {@code null}, the fast path without
     * re-encoding) or with {@code newBody}; {@code description} is the SDP the other side gets, to keep as the
     * offer (or answer) sent.
     */
    record Forward(SessionDescription description, byte[] newBody) implements SdpDecision {

        /** Whether the body must be replaced. */
        public boolean rewritten() {
            return newBody != null;
        }

        /** Puts the new body (if any) into the builder of the forwarded message; Content-Length follows. */
        public <B extends SipMessageBuilder<B>> B applyTo(B builder) {
            return newBody == null ? builder : builder.body(null, newBody);
        }
    }

    /** Refuse the offer or answer: nothing may be forwarded; the operator's fix is in {@code rejected.logMessage()}. */
    record Refuse(PolicyResult.Rejected rejected) implements SdpDecision {

        /** The response to send for {@code request} (e.g. {@code 488} with a {@code Warning}), tagged {@code toTag}. */
        public SipResponse response(SipRequest request, String toTag, ByteBufAllocator alloc) {
            return SipResponseBuilder.forRequest(request, rejected.status(), rejected.reasonPhrase())
                    .toTag(toTag)
                    .addHeader(SipHeaderName.WARNING, rejected.warning())
                    .build(alloc);
        }
    }
}
