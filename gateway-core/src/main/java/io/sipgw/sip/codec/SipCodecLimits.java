package io.sipgw.sip.codec;

import io.sipgw.sip.SipHeaderIndex;

/**
 * Size limits enforced while a message is scanned, so that an oversized message is refused after reading a few
 * kilobytes; the defaults allow 64 KiB in all (32 KiB of start line and headers, 32 KiB of body).
 */
public final class SipCodecLimits {

    /** The defaults: start line 8 KiB, header block 32 KiB, 256 header lines, body 32 KiB. */
    public static final SipCodecLimits DEFAULT = new SipCodecLimits(8 * 1024, 32 * 1024, 256, 32 * 1024);

    private final int maxStartLineLength;
    private final int maxHeaderBlockLength;
    private final int maxHeaderCount;
    private final int maxBodyLength;

    /**
     * @param maxStartLineLength   longest request or status line, in bytes
     * @param maxHeaderBlockLength longest start line plus headers plus the blank line, in bytes (at most 65535)
     * @param maxHeaderCount       most header lines (folded continuation lines not counted)
     * @param maxBodyLength        largest body, in bytes
     */
    public SipCodecLimits(int maxStartLineLength, int maxHeaderBlockLength, int maxHeaderCount, int maxBodyLength) {
        if (maxStartLineLength < 32 || maxHeaderBlockLength < maxStartLineLength || maxHeaderCount < 8
                || maxBodyLength < 0 || maxHeaderBlockLength > SipHeaderIndex.MAX_HEAD_LENGTH) {
            throw new IllegalArgumentException("inconsistent codec limits (header block at most "
                    + SipHeaderIndex.MAX_HEAD_LENGTH + " bytes)");
        }
        this.maxStartLineLength = maxStartLineLength;
        this.maxHeaderBlockLength = maxHeaderBlockLength;
        this.maxHeaderCount = maxHeaderCount;
        this.maxBodyLength = maxBodyLength;
    }

    /** Longest request or status line, in bytes. */
    public int maxStartLineLength() {
        return maxStartLineLength;
    }

    /** Longest start line plus header block, in bytes. */
    public int maxHeaderBlockLength() {
        return maxHeaderBlockLength;
    }

    /** Most header lines. */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** Largest body, in bytes. */
    public int maxBodyLength() {
        return maxBodyLength;
    }

    /** Largest whole message, in bytes. */
    public int maxMessageLength() {
        return maxHeaderBlockLength + maxBodyLength;
    }

    @Override
    public String toString() {
        return "SipCodecLimits(startLine=" + maxStartLineLength + ", headerBlock=" + maxHeaderBlockLength
                + ", headers=" + maxHeaderCount + ", body=" + maxBodyLength + ")";
    }
}
