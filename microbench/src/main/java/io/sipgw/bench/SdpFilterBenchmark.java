package io.sipgw.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sdp.PolicyResult;
import io.sipgw.sdp.SdpParseException;
import io.sipgw.sdp.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the media policy on real offers (issue 4 target: at least 500,000 offers/s on one core):
 * Meta's SDES G.711 offer, which is parsed and rewritten, and Twilio's plain G.711 offer, which is parsed and
 * forwarded unchanged; parsing alone is measured too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SdpFilterBenchmark {

    private MediaPolicy policy;
    private byte[] metaOffer;
    private byte[] twilioOffer;

    @Setup
    public void setUp() throws IOException {
        policy = new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com"));
        metaOffer = load("/meta-sdes-g711.sdp");
        twilioOffer = load("/twilio-offer-rtp.sdp");
        if (!(policy.filterOffer(metaOffer) instanceof PolicyResult.Rewritten)
                || !(policy.filterOffer(twilioOffer) instanceof PolicyResult.Unchanged)) {
            throw new IllegalStateException("the sample offers no longer take the paths this benchmark measures");
        }
    }

    /** Parse, narrow to G.711 and write: the common case of a WhatsApp call towards Twilio. */
    @Benchmark
    public PolicyResult filterMetaOffer() {
        return policy.filterOffer(metaOffer);
    }

    /** Parse only, to tell the parser's share of {@link #filterMetaOffer} from the policy's. */
    @Benchmark
    public SessionDescription parseMetaOffer() throws SdpParseException {
        return SessionDescription.parse(metaOffer);
    }

    /** Parse and decide nothing changes: the fast path that forwards the original bytes. */
    @Benchmark
    public PolicyResult passTwilioOffer() {
        return policy.filterOffer(twilioOffer);
    }

    /** A sample body as it travels on the wire, with CRLF line ends. */
    private static byte[] load(String name) throws IOException {
        try (InputStream in = SdpFilterBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), UTF_8).replace("\n", "\r\n").getBytes(UTF_8);
        }
    }
}
