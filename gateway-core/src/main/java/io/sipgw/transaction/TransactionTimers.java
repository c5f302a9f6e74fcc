package io.sipgw.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The transaction timers of RFC 3261 section 17 (Table 4) and RFC 6026 (Timers L and M), all derived in this one
 * place from the configurable T1, T2 and T4. Immutable; change a value with the {@code with} methods.
 */
public final class TransactionTimers {

    /** T1 500 ms, T2 4 s, T4 5 s (RFC 3261 Table 4), Timer D 32 s, 100 Trying after 200 ms. */
    public static final TransactionTimers DEFAULT = new TransactionTimers(Duration.ofMillis(500), Duration.ofSeconds(4),
            Duration.ofSeconds(5), Duration.ofSeconds(32), Duration.ofMillis(200));

    private final Duration t1;
    private final Duration t2;
    private final Duration t4;
    private final Duration timerD;
    private final Duration trying;
    private final Duration sixtyFourT1;

    private TransactionTimers(Duration t1, Duration t2, Duration t4, Duration timerD, Duration trying) {
        this.t1 = positive(t1, "T1");
        this.t2 = positive(t2, "T2");
        this.t4 = positive(t4, "T4");
        this.timerD = positive(timerD, "Timer D");
        this.trying = positive(trying, "trying");
        if (t2.compareTo(t1) < 0) {
            throw new IllegalArgumentException("T2 (" + t2 + ") must not be below T1 (" + t1 + ")");
        }
        this.sixtyFourT1 = t1.multipliedBy(64);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /** These timers with another T1, the RTT estimate (RFC 3261 Table 4: 500 ms default). */
    public TransactionTimers withT1(Duration newT1) {
        return new TransactionTimers(newT1, t2, t4, timerD, trying);
    }

    /** These timers with another T2, the longest retransmit interval of non-INVITE requests and INVITE responses. */
    public TransactionTimers withT2(Duration newT2) {
        return new TransactionTimers(t1, newT2, t4, timerD, trying);
    }

    /** These timers with another T4, how long a message may stay in the network. */
    public TransactionTimers withT4(Duration newT4) {
        return new TransactionTimers(t1, t2, newT4, timerD, trying);
    }

    /** These timers with another Timer D for unreliable transports (RFC 3261 Table 4: at least 32 s). */
    public TransactionTimers withTimerD(Duration newTimerD) {
        return new TransactionTimers(t1, t2, t4, newTimerD, trying);
    }

    /** These timers with another wait for the TU's first response to an INVITE before sending 100 Trying. */
    public TransactionTimers withTrying(Duration newTrying) {
        return new TransactionTimers(t1, t2, t4, timerD, newTrying);
    }

    /** T1: the round-trip time estimate. */
    public Duration t1() {
        return t1;
    }

    /** T2: the maximum retransmit interval for non-INVITE requests and INVITE responses. */
    public Duration t2() {
        return t2;
    }

    /** T4: the maximum duration a message remains in the network. */
    public Duration t4() {
        return t4;
    }

    /** Timer A, the first INVITE request retransmit interval (RFC 3261 Table 4: initially T1; unreliable only). */
    public Duration timerA() {
        return t1;
    }

    /** Timer B, the INVITE transaction timeout (RFC 3261 Table 4: 64*T1). */
    public Duration timerB() {
        return sixtyFourT1;
    }

    /** Timer D, the wait time for response retransmits (RFC 3261 Table 4: at least 32 s unreliable, 0 reliable). */
    public Duration timerD(boolean reliable) {
        return reliable ? Duration.ZERO : timerD;
    }

    /** Timer E, the first non-INVITE request retransmit interval (RFC 3261 Table 4: initially T1; unreliable only). */
    public Duration timerE() {
        return t1;
    }

    /** Timer F, the non-INVITE transaction timeout (RFC 3261 Table 4: 64*T1). */
    public Duration timerF() {
        return sixtyFourT1;
    }

    /** Timer G, the first INVITE response retransmit interval (RFC 3261 Table 4: initially T1; unreliable only). */
    public Duration timerG() {
        return t1;
    }

    /** Timer H, the wait time for ACK receipt (RFC 3261 Table 4: 64*T1). */
    public Duration timerH() {
        return sixtyFourT1;
    }

    /** Timer I, the wait time for ACK retransmits (RFC 3261 Table 4: T4 unreliable, 0 reliable). */
    public Duration timerI(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** Timer J, the wait time for non-INVITE request retransmits (RFC 3261 Table 4: 64*T1 unreliable, 0 reliable). */
    public Duration timerJ(boolean reliable) {
        return reliable ? Duration.ZERO : sixtyFourT1;
    }

    /** Timer K, the wait time for response retransmits (RFC 3261 Table 4: T4 unreliable, 0 reliable). */
    public Duration timerK(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** Timer L, the wait for retransmitted INVITEs after a 2xx was sent (RFC 6026, added to Table 4: 64*T1). */
    public Duration timerL() {
        return sixtyFourT1;
    }

    /** Timer M, the wait for retransmitted 2xx responses after the first (RFC 6026, added to Table 4: 64*T1). */
    public Duration timerM() {
        return sixtyFourT1;
    }

    /**
     * How long an INVITE server transaction waits for the TU's first response before it sends 100 Trying itself
     * (RFC 3261 section 17.2.1: 200 ms).
     */
    public Duration trying() {
        return trying;
    }

    /**
     * The retransmit interval after {@code previous} for Timers E and G and for 2xx responses: doubled, but at most
     * T2 (RFC 3261 sections 17.1.2.2, 17.2.1 and 13.3.1.4).
     */
    public Duration backOff(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(t2) > 0 ? t2 : doubled;
    }

    /** The Timer A interval after {@code previous}: doubled without a cap (RFC 3261 section 17.1.1.2). */
    public Duration backOffInvite(Duration previous) {
        return previous.multipliedBy(2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionTimers other && t1.equals(other.t1) && t2.equals(other.t2)
                && t4.equals(other.t4) && timerD.equals(other.timerD) && trying.equals(other.trying);
    }

    @Override
    public int hashCode() {
        return Objects.hash(t1, t2, t4, timerD, trying);
    }

    @Override
    public String toString() {
        return "TransactionTimers(T1 " + t1.toMillis() + " ms, T2 " + t2.toMillis() + " ms, T4 " + t4.toMillis()
                + " ms, D " + timerD.toMillis() + " ms)";
    }
}
