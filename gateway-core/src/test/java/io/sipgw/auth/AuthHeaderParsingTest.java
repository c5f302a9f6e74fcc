package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The auth-param syntax shared by challenges and answers (RFC 7235 section 2.1, RFC 7230 section 3.2.6). */
class AuthHeaderParsingTest {

    private static DigestChallenge one(String value) throws DigestParseException {
        return DigestChallenge.parseAll(value).get(0);
    }

    @Test
    void escapedQuotesAndBackslashes() throws Exception {
        assertThat(one("Digest realm=\"a\\\"b\\\\c\\d\", nonce=n").realm()).isEqualTo("a\"b\\cd");
    }

    @Test
    void commasInsideQuotesAreNotSeparators() throws Exception {
        assertThat(one("Digest realm=\"a, b=c\", nonce=n").realm()).isEqualTo("a, b=c");
    }

    @Test
    void whitespaceAroundEqualsAndCommas() throws Exception {
        DigestChallenge c = one("  Digest \t realm = \"r\" ,\tnonce=\t n  , opaque =o  ");
        assertThat(c.realm()).isEqualTo("r");
        assertThat(c.nonce()).isEqualTo("n");
        assertThat(c.opaque()).isEqualTo("o");
    }

    @Test
    void unquotedValuesMayCarryBase64() throws Exception {
        assertThat(one("Digest realm=r, nonce=ab/c+d==").nonce()).isEqualTo("ab/c+d==");
    }

    @Test
    void emptyElementsAndTrailingCommas() throws Exception {
        assertThat(one("Digest realm=r,, ,nonce=n,,").nonce()).isEqualTo("n");
    }

    @Test
    void emptyQuotedValueIsEmpty() throws Exception {
        assertThat(one("Digest realm=\"\", nonce=n").realm()).isEmpty();
    }

    @Test
    void parameterNamesIgnoreCase() throws Exception {
        assertThat(one("digest REALM=r, Nonce=n").realm()).isEqualTo("r");
    }

    @Test
    void utf8InsideQuotesIsKept() throws Exception {
        assertThat(one("Digest realm=\"caf\u00e9\", nonce=n").realm()).isEqualTo("caf\u00e9");
    }

    @Test
    void emptyHeaderHasNoChallenges() throws Exception {
        assertThat(DigestChallenge.parseAll("")).isEmpty();
        assertThat(DigestChallenge.parseAll(" , ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Digest realm=r, realm=s, nonce=n",
        "Digest realm=, nonce=n",
        "Digest realm=\"unterminated, nonce=n",
        "Digest realm=\"r\"x, nonce=n",
        "Digest realm=a b, nonce=n",
        "Digest realm=r\r\n, nonce=n",
        "Digest realm=r\u0000, nonce=n",
        "Digest realm=r",
        "Digest nonce=n",
        "Digest \"quoted\"",
        "Digest token68only",
        "realm=r, nonce=n",
        "=x",
        "Digest realm=\"\\",
        "Digest realm=r, nonce=n, caf\u00e9=1",
        "Digest realm=\u00e9, nonce=n",
        "Digest realm=r, nonce=n\"",
    })
    void malformedIsRefused(String value) {
        assertThatThrownBy(() -> DigestChallenge.parseAll(value)).isInstanceOf(DigestParseException.class);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> DigestChallenge.parseAll(null)).isInstanceOf(DigestParseException.class);
        assertThatThrownBy(() -> DigestAnswer.parse(null)).isInstanceOf(DigestParseException.class);
    }

    @Test
    void limitsAreEnforced() {
        String longRealm = "Digest realm=\"" + "a".repeat(AuthHeaderParser.MAX_LENGTH) + "\", nonce=n";
        assertThatThrownBy(() -> DigestChallenge.parseAll(longRealm)).hasMessageContaining("longer");
        StringBuilder many = new StringBuilder("Digest realm=r, nonce=n");
        for (int i = 0; i < AuthHeaderParser.MAX_PARAMS; i++) {
            many.append(", p").append(i).append("=v");
        }
        assertThatThrownBy(() -> DigestChallenge.parseAll(many.toString())).hasMessageContaining("auth-params");
    }

    @Test
    void errorMessagesDoNotEchoValues() {
        assertThatThrownBy(() -> DigestAnswer.parse("Digest username=u, realm=r, nonce=n, uri=x, "
                + "response=secretresponse, response=secretresponse"))
                .isInstanceOf(DigestParseException.class)
                .hasMessageNotContaining("secretresponse");
    }

    /** Random and mutated inputs: only DigestParseException may come out. */
    @Test
    void fuzzNeverThrowsAnythingElse() {
        Random random = new Random(42);
        String alphabet = "Digest realm=\"\\,= \tauth-int:;\u00e9\u0001\u007f\u2028aZ09*";
        String seed = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:a@b\", response=\"ab\", "
                + "qop=auth, nc=00000001, cnonce=\"c\", username*=UTF-8''%C3%A4, Basic x==";
        for (int i = 0; i < 50_000; i++) {
            String input;
            if (random.nextBoolean()) {
                StringBuilder b = new StringBuilder();
                int length = random.nextInt(60);
                for (int j = 0; j < length; j++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                input = b.toString();
            } else {
                StringBuilder b = new StringBuilder(seed);
                for (int j = random.nextInt(4); j >= 0; j--) {
                    int at = random.nextInt(b.length());
                    b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
                input = random.nextInt(5) == 0 ? b.substring(0, random.nextInt(b.length())) : b.toString();
            }
            parseBoth(input);
        }
    }

    private static void parseBoth(String input) {
        try {
            DigestChallenge.choose(DigestChallenge.parseAll(input));
        } catch (DigestParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            DigestAnswer a = DigestAnswer.parse(input);
            a.nc();
            a.algorithm();
            a.toString();
        } catch (DigestParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
