package io.sipgw.fuzz;

import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sdp.PolicyResult;
import io.sipgw.sdp.RejectionCause;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Inputs the fuzz properties found that the media policy gets wrong, kept until it is fixed. */
class SdpPolicyBugsTest {

    /**
     * A malformed offer whose m= line holds an SDES key (a line break lost between m= and a=crypto) is refused
     * with a log line that quotes the bad format token, and with it the start of the key; rejections promise never
     * to carry SRTP keys.
     */
    @Test
    void malformedOfferLogLineQuotesKeyMaterial() {
        byte[] offer = Mutations.ascii("v=0\r\n"
                + "o=- 1 1 IN IP4 192.0.2.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.1\r\n"
                + "t=0 0\r\n"
                + "m=audio 16018 RTP/SAVP inline:dHdpbGlvYW5zd2Vya2V5bWF0ZXJpYWwwMTIzNDU2Nzg5\r\n");

        PolicyResult result = new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com")).filterOffer(offer);

        assertThat(result).isInstanceOfSatisfying(PolicyResult.Rejected.class, rejected -> {
            assertThat(rejected.cause()).isEqualTo(RejectionCause.MALFORMED_OFFER);
            assertThat(rejected.logMessage()).doesNotContain("inline:").doesNotContain("dHdpbGlv");
        });
    }
}
