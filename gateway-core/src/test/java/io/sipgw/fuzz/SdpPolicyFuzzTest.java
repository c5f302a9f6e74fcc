package io.sipgw.fuzz;

import io.sipgw.sdp.MediaDescription;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sdp.PolicyResult;
import io.sipgw.sdp.RejectionCause;
import io.sipgw.sdp.SdpParseException;
import io.sipgw.sdp.SecureMedia;
import io.sipgw.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated SDP through the parser and the media policy: every body is parsed or refused with
 * {@link SdpParseException}, every offer and answer gets a {@link PolicyResult}, and a rewritten offer is itself
 * a valid offer that the policy leaves unchanged (the rewrite is idempotent).
 */
class SdpPolicyFuzzTest {

    private static final List<MediaPolicy> POLICIES = List.of(
            new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com")),
            new MediaPolicy(MediaPolicyConfig.defaults("[2001:db8::5]:5061").withSecureMedia(SecureMedia.REQUIRED)),
            new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com").withSecureMedia(SecureMedia.OFF)));

    /**
     * 150,000 bodies a run, each parsed, filtered as an offer and checked as an answer: 4.5 s of CPU on the 2-core
     * build machine, up to 16 s of wall time while other builds share it.
     */
    @Test
    void everyBodyGetsACleanPolicyResult() {
        Map<String, Integer> kinds = FuzzProperty.named("SDP policy", 150_000)
                .run(FuzzInputs::sdpBody, SdpPolicyFuzzTest::parseFilterAndCheck);
        // Each kind of outcome must occur, or the inputs do not reach what the property is about.
        assertThat(kinds).as("offer outcomes").containsKeys("Unchanged", "Rewritten", "MALFORMED_OFFER",
                "NO_ALLOWED_CODEC");
    }

    /** Checks one body as an offer and as an answer; returns what became of the offer. */
    private static String parseFilterAndCheck(byte[] input, SplittableRandom choices) {
        MediaPolicy policy = POLICIES.get(choices.nextInt(POLICIES.size()));
        boolean parses = parses(input);

        PolicyResult offer = policy.filterOffer(input.clone());
        CleanResults.check(offer != null, "no result for an offer");
        CleanResults.check(parses || isRejected(offer, RejectionCause.MALFORMED_OFFER),
                "an offer that does not parse was not refused as malformed: " + offer);
        checkResult(offer);
        if (offer instanceof PolicyResult.Rewritten) {
            byte[] body = ((PolicyResult.Rewritten) offer).body();
            CleanResults.check(parses(body), "the rewritten offer does not parse");
            PolicyResult again = policy.filterOffer(body.clone());
            CleanResults.check(again instanceof PolicyResult.Unchanged,
                    "the rewritten offer is not left unchanged by a second pass: " + again + "\nrewritten:\n"
                            + new String(body, StandardCharsets.ISO_8859_1));
        }

        SessionDescription offerSent = offerSent(policy, choices);
        if (offerSent != null) {
            PolicyResult answer = policy.checkAnswer(offerSent, input.clone());
            CleanResults.check(answer != null, "no result for an answer");
            CleanResults.check(parses || isRejected(answer, RejectionCause.MALFORMED_ANSWER),
                    "an answer that does not parse was not refused as malformed: " + answer);
            checkResult(answer);
        }
        return offer instanceof PolicyResult.Rejected ? ((PolicyResult.Rejected) offer).cause().name()
                : offer.getClass().getSimpleName();
    }

    /** Whether {@code body} parses; a parsed body is exercised and written out again. */
    private static boolean parses(byte[] body) {
        SessionDescription description;
        try {
            description = SessionDescription.parse(body.clone());
        } catch (SdpParseException refused) {
            CleanResults.check(refused.getMessage() != null, "SdpParseException without a message");
            return false;
        }
        exercise(description);
        byte[] written = description.toBytes();
        try {
            byte[] rewritten = SessionDescription.parse(written).toBytes();
            CleanResults.check(java.util.Arrays.equals(rewritten, written), "writing a parsed body is not stable");
        } catch (SdpParseException e) {
            throw new AssertionError("a parsed body, written out, does not parse: " + e.getMessage()
                    + "\n" + new String(written, StandardCharsets.ISO_8859_1), e);
        }
        return true;
    }

    private static void exercise(SessionDescription description) {
        description.origin();
        description.connection();
        description.attributes("group");
        description.attributes("");
        description.withNextVersion().toBytes();
        description.toString();
        for (MediaDescription media : description.media()) {
            media.media();
            media.port();
            media.proto();
            media.connection();
            media.attributes("rtpmap");
            media.attributes("crypto");
            for (String format : media.formats()) {
                media.encoding(format);
            }
            media.toString();
        }
    }

    /** The description of a seed offer the policy let through, as the call layer keeps it; or null. */
    private static SessionDescription offerSent(MediaPolicy policy, SplittableRandom choices) {
        byte[] seed = SeedMessages.SDP.get(choices.nextInt(SeedMessages.SDP.size()));
        PolicyResult result = policy.filterOffer(seed.clone());
        if (result instanceof PolicyResult.Unchanged) {
            return ((PolicyResult.Unchanged) result).description();
        }
        if (result instanceof PolicyResult.Rewritten) {
            return ((PolicyResult.Rewritten) result).description();
        }
        return null;
    }

    private static boolean isRejected(PolicyResult result, RejectionCause cause) {
        return result instanceof PolicyResult.Rejected && ((PolicyResult.Rejected) result).cause() == cause;
    }

    private static void checkResult(PolicyResult result) {
        if (result instanceof PolicyResult.Unchanged) {
            CleanResults.check(((PolicyResult.Unchanged) result).description() != null,
                    "Unchanged without description");
        } else if (result instanceof PolicyResult.Rewritten) {
            PolicyResult.Rewritten rewritten = (PolicyResult.Rewritten) result;
            CleanResults.check(rewritten.description() != null, "Rewritten without description");
            CleanResults.check(java.util.Arrays.equals(rewritten.description().toBytes(), rewritten.body()),
                    "Rewritten body differs from its description");
        } else {
            PolicyResult.Rejected rejected = (PolicyResult.Rejected) result;
            CleanResults.check(rejected.status() >= 400 && rejected.status() <= 699, "status " + rejected.status());
            CleanResults.check(rejected.reasonPhrase() != null && rejected.warning() != null
                    && rejected.logMessage() != null, "incomplete rejection " + rejected);
            // Neither the Warning header nor the log line may carry SRTP keys.
            CleanResults.check(!rejected.warning().contains("inline:") && !rejected.logMessage().contains("inline:"),
                    "SRTP key in a rejection: " + rejected);
            CleanResults.check(rejected.warning().indexOf('\r') < 0 && rejected.warning().indexOf('\n') < 0,
                    "line break in the Warning header value: " + rejected.warning());
        }
    }
}
