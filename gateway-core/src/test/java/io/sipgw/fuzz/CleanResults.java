package io.sipgw.fuzz;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.NameAddr;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipUri;
import io.sipgw.sip.Via;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.sip.codec.SipParser;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What "a clean result" of decoding means, checked on one result: a {@link SipMessage} whose every accessor either
 * answers or throws the documented {@link SipParseException} and that can be forwarded, or a {@link SipDecodeError}
 * with a status the decoder documents; either is released (the paranoid leak detector reports what is not).
 */
final class CleanResults {

    /** Header names asked for by name, long and compact, known and unknown. */
    private static final String[] NAMES = {"Via", "v", "call-id", "I", "Content-Length", "l", "X-Unknown", "Allow",
        "Record-Route", "x-wa-meta-wacid", ""};

    private CleanResults() {
    }

    /**
     * Checks {@code result} (null, a message or a decode error), releases it, and returns a description of it that
     * two equal results share: the kind, the status and reason of an error, and the exact bytes of any message.
     */
    static String checkAndRelease(Object result) {
        return describe(result, true);
    }

    /** The description {@link #checkAndRelease} gives, without exercising the result; releases it. */
    static String describeAndRelease(Object result) {
        return describe(result, false);
    }

    /**
     * Describes the result, checking it first when {@code exercise}, and releases it once. Its reference count is
     * not checked: messages framed from one stream buffer are slices sharing that buffer's count; a reference never
     * released shows up in the leak detector instead.
     */
    private static String describe(Object result, boolean exercise) {
        if (result == null) {
            return "nothing";
        }
        try {
            if (result instanceof SipMessage) {
                SipMessage message = (SipMessage) result;
                if (exercise) {
                    exercise(message);
                    forward(message);
                }
                return (message.isRequest() ? "request " : "response ") + text(message);
            }
            if (result instanceof SipDecodeError) {
                SipDecodeError error = (SipDecodeError) result;
                if (exercise) {
                    checkError(error);
                }
                return "error " + error + (error.request() == null ? "" : " " + text(error.request()));
            }
            throw new AssertionError("decoded into " + result.getClass().getName() + ": " + result);
        } finally {
            ReferenceCountUtil.release(result);
        }
    }

    private static String text(SipMessage message) {
        return message.content().toString(StandardCharsets.ISO_8859_1);
    }

    /** A status the decoder documents, a reason, and a partial request whose accessors behave. */
    private static void checkError(SipDecodeError error) {
        check(error.status() == 400 || error.status() == 505 || error.status() == 513,
                "undocumented status in " + error);
        check(error.reason() != null && !error.reason().isEmpty(), "no reason in " + error);
        check(error.isAnswerable() == (error.request() != null), "isAnswerable() disagrees with request()");
        if (error.request() != null) {
            exercise(error.request());
        }
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** Calls every accessor of {@code message}; only SipParseException may come out of the typed views. */
    static void exercise(SipMessage message) {
        message.startLine();
        message.toString();
        for (int i = 0; i < message.headerCount(); i++) {
            message.headerKind(i);
            message.headerName(i);
            message.headerValue(i);
        }
        for (String name : NAMES) {
            message.header(name);
            message.headers(name);
        }
        for (SipHeaderName kind : SipHeaderName.values()) {
            message.header(kind);
            message.headerValues(kind);
            message.hasHeader(kind);
            message.countHeaders(kind);
        }
        message.callId();
        message.topViaBranch();
        message.fromTag();
        message.toTag();
        message.cseqNumber();
        message.cseqMethod();
        message.contentType();
        message.body();
        message.bodyAsString();
        check(message.bodyLength() == message.body().readableBytes(), "bodyLength() disagrees with body()");

        typed(() -> message.cseq().toString());
        typed(() -> nameAddr(message.from()));
        typed(() -> nameAddr(message.to()));
        typed(() -> via(message.topVia()));
        typed(() -> message.vias().stream().map(CleanResults::via).toList());
        typed(() -> message.contacts().stream().map(CleanResults::nameAddr).toList());
        typed(() -> message.routes().stream().map(CleanResults::nameAddr).toList());
        typed(() -> message.recordRoutes().stream().map(CleanResults::nameAddr).toList());
        typed(message::maxForwards);
        typed(() -> {
            message.parseAll();
            return null;
        });
        if (message instanceof SipRequest) {
            SipRequest request = (SipRequest) message;
            request.method();
            request.requestUriText();
            request.hasSipRequestUri();
            typed(() -> uri(request.requestUri()));
        } else {
            SipResponse response = (SipResponse) message;
            check(response.status() >= 100 && response.status() <= 699, "status out of range: " + response.status());
            response.reasonPhrase();
            response.isProvisional();
            response.isSuccess();
        }
    }

    /**
     * Copies an accepted message into a builder and writes it again, as the gateway does to forward it; the copy
     * must parse again.
     */
    private static void forward(SipMessage message) {
        SipMessage copy = message instanceof SipRequest
                ? ((SipRequest) message).toBuilder().build(PooledByteBufAllocator.DEFAULT)
                : ((SipResponse) message).toBuilder().build(PooledByteBufAllocator.DEFAULT);
        try {
            // The builder adds or corrects Content-Length; every other line is copied.
            check(copy.headerCount() - copy.countHeaders(SipHeaderName.CONTENT_LENGTH)
                    == message.headerCount() - message.countHeaders(SipHeaderName.CONTENT_LENGTH),
                    "forwarded copy lost header lines");
            check(java.util.Objects.equals(copy.callId(), message.callId()), "forwarded copy changed the Call-ID");
            copy.topViaBranch();
            // What the gateway accepted and forwards, its next hop must accept too.
            Object reparsed = new SipParser(SipCodecLimits.DEFAULT).parseDatagram(copy.content());
            try {
                check(reparsed instanceof SipMessage, "the forwarded copy does not parse again: " + reparsed
                        + "\n" + copy.content().toString(StandardCharsets.ISO_8859_1));
            } finally {
                ReferenceCountUtil.release(reparsed);
            }
        } finally {
            copy.release();
        }
    }

    private static Object typed(Supplier<Object> accessor) {
        try {
            return accessor.get();
        } catch (SipParseException expected) {
            return expected;
        }
    }

    private static Object via(Via via) {
        via.protocol();
        via.transport();
        via.host();
        via.port();
        via.params().size();
        via.branch();
        via.hasRfc3261Branch();
        via.received();
        via.hasRport();
        via.rport();
        return via.toString();
    }

    private static Object nameAddr(NameAddr address) {
        address.isWildcard();
        address.displayName();
        address.uriText();
        address.params().size();
        address.tag();
        if (address.isSipUri()) {
            typed(() -> uri(address.uri()));
        }
        return address.toString();
    }

    private static Object uri(SipUri uri) {
        uri.isSecure();
        uri.user();
        uri.password();
        uri.host();
        uri.hostAddress();
        uri.port();
        uri.params().size();
        uri.transport();
        uri.headers();
        return uri.toString();
    }
}
