package io.sipgw.sdp;

/**
 * Bounds on an SDP body that the parser enforces while scanning, so a hostile body is refused after bounded work.
 *
 * @param maxBytes largest accepted body in bytes
 * @param maxLines largest accepted number of lines, blank lines included
 */
public record SdpLimits(int maxBytes, int maxLines) {

    /** 16 KiB and 256 lines: far above any real offer (Meta's DTLS offer is about 1.5 KiB and 40 lines). */
    public static final SdpLimits DEFAULT = new SdpLimits(16 * 1024, 256);

    public SdpLimits {
        if (maxBytes < 16 || maxLines < 4) {
            throw new IllegalArgumentException("SDP limits too small: " + maxBytes + " bytes, " + maxLines + " lines");
        }
    }
}
