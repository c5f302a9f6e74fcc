package io.sipgw.pipeline;

import io.netty.util.ReferenceCounted;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.transport.Flow;

/**
 * What the decoder made of received bytes, a message or a decode error, with the flow it arrived on;
 * reference-counted through that content, so whoever consumes it releases it once.
 */
final class Inbound implements ReferenceCounted {

    private final ReferenceCounted content;
    private final Flow flow;

    private Inbound(ReferenceCounted content, Flow flow) {
        this.content = content;
        this.flow = flow;
    }

    static Inbound of(SipMessage message, Flow flow) {
        return new Inbound(message, flow);
    }

    static Inbound of(SipDecodeError error, Flow flow) {
        return new Inbound(error, flow);
    }

    /** The flow the bytes arrived on. */
    Flow flow() {
        return flow;
    }

    /** The message, or {@code null} when the bytes were not one. */
    SipMessage message() {
        return content instanceof SipMessage ? (SipMessage) content : null;
    }

    /** The decode error, or {@code null} when the bytes were a message. */
    SipDecodeError error() {
        return content instanceof SipDecodeError ? (SipDecodeError) content : null;
    }

    @Override
    public int refCnt() {
        return content.refCnt();
    }

    @Override
    public Inbound retain() {
        content.retain();
        return this;
    }

    @Override
    public Inbound retain(int increment) {
        content.retain(increment);
        return this;
    }

    @Override
    public Inbound touch() {
        content.touch();
        return this;
    }

    @Override
    public Inbound touch(Object hint) {
        content.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return content.release();
    }

    @Override
    public boolean release(int decrement) {
        return content.release(decrement);
    }

    @Override
    public String toString() {
        boolean readable = content instanceof SipMessage && content.refCnt() > 0;
        return "Inbound(" + flow + ", " + (readable ? ((SipMessage) content).startLine() : content) + ")";
    }
}
