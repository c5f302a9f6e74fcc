package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private final ManualClock clock = new ManualClock();
    private final NonceService nonces = new NonceService("0123456789abcdef0123456789abcdef".getBytes(),
            Duration.ofSeconds(30), clock);

    @Test
    void freshNonceIsValidThenStale() {
        String nonce = nonces.newNonce();
        assertThat(nonce).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(nonces.check(nonce)).isEqualTo(NonceService.Verdict.VALID);
        clock.advance(Duration.ofSeconds(30));
        assertThat(nonces.check(nonce)).isEqualTo(NonceService.Verdict.VALID);
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.check(nonce)).isEqualTo(NonceService.Verdict.STALE);
    }

    @Test
    void tamperedOrForeignNoncesAreInvalid() {
        String nonce = nonces.newNonce();
        char last = nonce.charAt(5);
        String tampered = nonce.substring(0, 5) + (last == 'A' ? 'B' : 'A') + nonce.substring(6);
        assertThat(nonces.check(tampered)).isEqualTo(NonceService.Verdict.INVALID);
        NonceService other = new NonceService("another-secret-of-enough-length!".getBytes(), Duration.ofSeconds(30),
                clock);
        assertThat(other.check(nonce)).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.check(null)).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.check("")).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.check("!".repeat(43))).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.check(nonce + "A")).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.check(nonce.substring(0, 42) + (nonce.charAt(42) == 'A' ? 'B' : 'A')))
                .isEqualTo(NonceService.Verdict.INVALID);
    }

    @Test
    void noncesIssuedInTheSameMillisecondDiffer() {
        assertThat(nonces.newNonce()).isNotEqualTo(nonces.newNonce());
    }

    @Test
    void nonceFromTheFutureIsInvalid() {
        clock.advance(Duration.ofMinutes(1));
        String future = nonces.newNonce();
        ManualClock earlier = new ManualClock();
        NonceService sameSecretEarlierClock = new NonceService("0123456789abcdef0123456789abcdef".getBytes(),
                Duration.ofSeconds(30), earlier);
        assertThat(sameSecretEarlierClock.check(future)).isEqualTo(NonceService.Verdict.INVALID);
    }

    @Test
    void randomSecretServiceWorks() {
        NonceService random = NonceService.withRandomSecret(Duration.ofMinutes(1));
        String a = random.newNonce();
        assertThat(random.check(a)).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.check(a)).isEqualTo(NonceService.Verdict.INVALID);
    }
}
