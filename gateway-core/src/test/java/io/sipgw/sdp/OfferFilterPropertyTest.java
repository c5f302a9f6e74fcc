package io.sipgw.sdp;

import static io.sipgw.sdp.SdpSamples.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.sdp.OfferGenerator.Codec;
import io.sipgw.sdp.OfferGenerator.Offer;
import io.sipgw.sdp.OfferGenerator.Section;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For 5,000 generated offers (50 seeds x 100), what the default policy accepts re-parses as SDP whose formats
 * are exactly the allowed ones of the input, in the input's order, with every other line untouched; what it
 * refuses had no bridgeable audio; and filtering its own output changes nothing.
 */
class OfferFilterPropertyTest {

    private static final int OFFERS_PER_SEED = 100;
    private static final Pattern FORMAT_LINE = Pattern.compile("a=(rtpmap|fmtp|rtcp-fb):(\\d+)( .*)?");

    private final MediaPolicy policy = policy();

    static LongStream seeds() {
        return LongStream.range(0, 50);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void acceptedOffersAreOrderedSubsetsWithTheirAttributesIntact(long seed) throws SdpParseException {
        OfferGenerator generator = new OfferGenerator(new Random(seed));
        int accepted = 0;
        for (int n = 0; n < OFFERS_PER_SEED; n++) {
            Offer offer = generator.next();
            String context = "seed " + seed + " offer " + n + ":\n" + offer.text();
            PolicyResult result = policy.filterOffer(offer.bytes());
            List<List<String>> expected = expectedFormats(offer);
            boolean anyAudio = expected.stream().anyMatch(formats -> formats != null && !formats.isEmpty());
            if (!anyAudio) {
                assertThat(result).as(context).isInstanceOf(PolicyResult.Rejected.class);
                continue;
            }
            accepted++;
            byte[] out = result instanceof PolicyResult.Rewritten r ? r.body() : offer.bytes();
            assertThat(result).as(context).isInstanceOf(changes(offer, expected)
                    ? PolicyResult.Rewritten.class : PolicyResult.Unchanged.class);
            SessionDescription reparsed = SessionDescription.parse(out);
            checkSections(offer, expected, reparsed, context);
            assertThat(policy.filterOffer(out)).as("idempotent, " + context).isInstanceOf(PolicyResult.Unchanged.class);
        }
        assertThat(accepted).as("accepted offers of seed " + seed).isGreaterThan(OFFERS_PER_SEED / 8);
    }

    /**
     * Per section: null when it must end up disabled, else the formats to keep — PCMU and PCMA by the truth the
     * generator recorded, and telephone-event at 8000 Hz, the clock rate of both.
     */
    private static List<List<String>> expectedFormats(Offer offer) {
        List<List<String>> expected = new ArrayList<>();
        for (Section section : offer.sections()) {
            if (section.port() == 0 || !section.media().equals("audio") || section.needsRelay()) {
                expected.add(null);
                continue;
            }
            List<String> kept = new ArrayList<>();
            for (String format : section.formats()) {
                Codec codec = section.codecs().get(format);
                boolean g711 = "PCMU".equalsIgnoreCase(codec.name()) || "PCMA".equalsIgnoreCase(codec.name());
                if (g711 || ("telephone-event".equalsIgnoreCase(codec.name()) && codec.rate() == 8000)) {
                    kept.add(format);
                }
            }
            boolean voice = kept.stream().anyMatch(f -> section.codecs().get(f).isVoice());
            expected.add(voice ? kept : null);
        }
        return expected;
    }

    private static boolean changes(Offer offer, List<List<String>> expected) {
        for (int i = 0; i < expected.size(); i++) {
            Section section = offer.sections().get(i);
            List<String> kept = expected.get(i);
            if (section.port() != 0 && (kept == null || kept.size() != section.formats().size())) {
                return true;
            }
        }
        return false;
    }

    private static void checkSections(Offer offer, List<List<String>> expected, SessionDescription out,
                                      String context) {
        assertThat(out.media()).as(context).hasSameSizeAs(offer.sections());
        Set<String> disabledMids = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            Section in = offer.sections().get(i);
            MediaDescription section = out.media().get(i);
            List<String> kept = expected.get(i);
            assertThat(section.media()).as(context).isEqualTo(in.media());
            assertThat(section.proto()).as(context).isEqualTo(in.proto());
            if (kept == null) {
                assertThat(section.port()).as(context).isZero();
                assertThat(section.formats()).as(context).isEqualTo(in.formats());
                assertThat(lines(section)).as(context).isEqualTo(in.lines());
                if (in.port() != 0) {
                    disabledMids.add("m" + i);
                }
                continue;
            }
            assertThat(section.port()).as(context).isEqualTo(in.port());
            assertThat(section.formats()).as(context).isEqualTo(kept);
            assertThat(lines(section)).as(context).isEqualTo(withoutDroppedFormats(in, kept));
        }
        List<String> sessionLines = new ArrayList<>();
        for (String line : offer.sessionLines()) {
            String bundle = line.startsWith("a=group:BUNDLE ") ? withoutMids(line, disabledMids) : line;
            if (bundle != null) {
                sessionLines.add(bundle);
            }
        }
        assertThat(out.sessionLines()).extracting(SdpLine::text).as(context).isEqualTo(sessionLines);
    }

    private static List<String> lines(MediaDescription section) {
        return section.lines().stream().map(SdpLine::text).toList();
    }

    private static List<String> withoutDroppedFormats(Section in, List<String> kept) {
        List<String> lines = new ArrayList<>();
        for (String line : in.lines()) {
            Matcher m = FORMAT_LINE.matcher(line);
            if (!m.matches() || kept.contains(m.group(2)) || !in.formats().contains(m.group(2))) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String withoutMids(String bundle, Set<String> disabledMids) {
        List<String> mids = new ArrayList<>();
        for (String mid : bundle.substring("a=group:BUNDLE ".length()).split(" ")) {
            if (!disabledMids.contains(mid)) {
                mids.add(mid);
            }
        }
        return mids.isEmpty() ? null : "a=group:BUNDLE " + String.join(" ", mids);
    }
}
