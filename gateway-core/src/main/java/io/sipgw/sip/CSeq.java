package io.sipgw.sip;

/** The CSeq header (RFC 3261 section 20.16): a sequence number below 2^31 and a method. Immutable. */
public final class CSeq {

    /** RFC 3261 section 8.1.1.5: the sequence number MUST be less than 2**31. */
    public static final long MAX_NUMBER = (1L << 31) - 1;

    private final long number;
    private final SipMethod method;

    public CSeq(long number, SipMethod method) {
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("CSeq number out of range: " + number);
        }
        this.number = number;
        this.method = method;
    }

    /** Parses {@code "<number> <method>"}; throws {@link SipParseException} ("Bad CSeq") otherwise. */
    public static CSeq parse(String s) {
        String v = s.trim();
        int sp = 0;
        while (sp < v.length() && !SipChars.isWhitespace(v.charAt(sp))) {
            sp++;
        }
        long n = Numbers.parseDigits(v.substring(0, sp), 10);
        String m = v.substring(sp).trim();
        if (n < 0 || n > MAX_NUMBER || !SipChars.isToken(m)) {
            throw new SipParseException("Bad CSeq");
        }
        return new CSeq(n, SipMethod.of(m));
    }

    /** The sequence number. */
    public long number() {
        return number;
    }

    /** The method. */
    public SipMethod method() {
        return method;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CSeq && ((CSeq) o).number == number && ((CSeq) o).method.equals(method);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + method.hashCode();
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
