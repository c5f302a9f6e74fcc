package io.sipgw.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.sip.CSeq;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipUri;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Parsing a ~900-byte WhatsApp INVITE: to the point of routing (top Via branch, Call-ID, CSeq, tags,
 * Request-URI), every header into its typed view, and parse + forward-style changes + encode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.sipgw.bench.EventLoopLikeExecutor"})
public class SipParseBenchmark {

    private static final String SDP = crlf("v=0\n"
            + "o=- 1732811234 2 IN IP6 2a03:2880:f22d:1c0::face:b00c\n"
            + "s=-\nt=0 0\na=group:BUNDLE audio\n"
            + "m=audio 40012 RTP/SAVP 111 0 8 126\n"
            + "c=IN IP6 2a03:2880:f22d:1c0::face:b00c\n"
            + "a=rtpmap:111 opus/48000/2\n"
            + "a=fmtp:111 maxaveragebitrate=20000;maxplaybackrate=16000;minptime=20;sprop-maxcapturerate=16000;useinbandfec=1\n"
            + "a=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\na=rtpmap:126 telephone-event/8000\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3\n"
            + "a=ptime:20\na=maxptime:20\na=rtcp-mux\na=mid:audio\na=ssrc:3422331199 cname:wa-audio\na=sendrecv\n");

    static final String INVITE = crlf("INVITE sip:+15550001111@gw.example.com;transport=tls SIP/2.0\n"
            + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport\n"
            + "Record-Route: <sip:[2a03:2880:f22d:1c0::face:b00c]:5061;transport=tls;lr>\n"
            + "Max-Forwards: 70\n"
            + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
            + "To: <sip:+15550001111@gw.example.com>\n"
            + "Call-ID: outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
            + "CSeq: 1 INVITE\n"
            + "Contact: <sip:+15557654321@wa.meta.vc;transport=tls;ob>;isfocus\n"
            + "Allow: INVITE, ACK, BYE, CANCEL, NOTIFY, OPTIONS\n"
            + "User-Agent: Facebook SipGateway\n"
            + "X-FB-External-Domain: wa.meta.vc\n"
            + "x-wa-meta-wacid: wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
            + "x-wa-meta-phone-number-id: 109876543210987\n"
            + "Content-Type: application/sdp\n"
            + "Content-Length: " + SDP.length() + "\n\n") + SDP;

    private static final SipUri TWILIO = SipUri.parse("sip:+15550001111@example.sip.twilio.com");

    private ByteBuf datagram;
    private SipParser parser;
    private ByteBufAllocator alloc;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = INVITE.getBytes(StandardCharsets.UTF_8);
        // A pooled direct buffer, as a datagram arrives from the socket.
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        parser = new SipParser(SipCodecLimits.DEFAULT);
        alloc = PooledByteBufAllocator.DEFAULT;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        datagram.release();
    }

    /**
     * What the B2BUA needs to find the transaction and the call: the top Via branch, Call-ID and From tag as
     * strings (map keys), CSeq number and method, To tag, and the Request-URI located and its scheme checked.
     */
    @Benchmark
    public void routingParse(Blackhole bh) {
        SipRequest r = routing(bh);
        bh.consume(r.hasSipRequestUri());
        r.release();
    }

    /** {@link #routingParse} plus the Request-URI as a string, as an initial INVITE needs it. */
    @Benchmark
    public void routingParseWithRequestUri(Blackhole bh) {
        SipRequest r = routing(bh);
        bh.consume(r.requestUriText());
        r.release();
    }

    private SipRequest routing(Blackhole bh) {
        SipRequest r = (SipRequest) parser.parseDatagram(datagram);
        bh.consume(r.topViaBranch());
        bh.consume(r.callId());
        bh.consume(r.cseqNumber());
        bh.consume(r.cseqMethod());
        bh.consume(r.fromTag());
        bh.consume(r.toTag());
        return r;
    }

    /** Every known header parsed into its typed view. */
    @Benchmark
    public void parseEveryHeader(Blackhole bh) {
        SipRequest r = (SipRequest) parser.parseDatagram(datagram);
        r.parseAll();
        CSeq cseq = r.cseq();
        bh.consume(cseq);
        bh.consume(r.from());
        bh.consume(r.to());
        bh.consume(r.requestUri());
        r.release();
    }

    /** Parse, pop the Via, point the Request-URI elsewhere, encode into a new buffer. */
    @Benchmark
    public void parseModifyEncode(Blackhole bh) {
        SipRequest r = (SipRequest) parser.parseDatagram(datagram);
        SipMessage out = r.toBuilder().popVia().requestUri(TWILIO).build(alloc);
        r.release();
        bh.consume(out.content().readableBytes());
        out.release();
    }

    private static String crlf(String s) {
        return s.replace("\n", "\r\n");
    }
}
