package io.sipgw.sdp;

/** The static audio payload types of RFC 3551 §6 Table 4, which an offer may use without {@code a=rtpmap}. */
final class StaticPayloadTypes {

    private static final RtpEncoding PCMU = new RtpEncoding("PCMU", 8000, 1);
    private static final RtpEncoding PCMA = new RtpEncoding("PCMA", 8000, 1);
    private static final RtpEncoding GSM = new RtpEncoding("GSM", 8000, 1);
    private static final RtpEncoding G723 = new RtpEncoding("G723", 8000, 1);
    private static final RtpEncoding DVI4_8K = new RtpEncoding("DVI4", 8000, 1);
    private static final RtpEncoding DVI4_16K = new RtpEncoding("DVI4", 16000, 1);
    private static final RtpEncoding LPC = new RtpEncoding("LPC", 8000, 1);
    // 8000 by RFC 3551's historical error, although G.722 samples at 16 kHz.
    private static final RtpEncoding G722 = new RtpEncoding("G722", 8000, 1);
    private static final RtpEncoding L16_STEREO = new RtpEncoding("L16", 44100, 2);
    private static final RtpEncoding L16_MONO = new RtpEncoding("L16", 44100, 1);
    private static final RtpEncoding QCELP = new RtpEncoding("QCELP", 8000, 1);
    private static final RtpEncoding CN = new RtpEncoding("CN", 8000, 1);
    private static final RtpEncoding MPA = new RtpEncoding("MPA", 90000, 1);
    private static final RtpEncoding G728 = new RtpEncoding("G728", 8000, 1);
    private static final RtpEncoding DVI4_11K = new RtpEncoding("DVI4", 11025, 1);
    private static final RtpEncoding DVI4_22K = new RtpEncoding("DVI4", 22050, 1);
    private static final RtpEncoding G729 = new RtpEncoding("G729", 8000, 1);

    private StaticPayloadTypes() {
    }

    /** The encoding of a static audio payload type, or null for a dynamic or unassigned one. */
    static RtpEncoding audio(int payloadType) {
        return switch (payloadType) {
            case 0 -> PCMU;
            case 3 -> GSM;
            case 4 -> G723;
            case 5 -> DVI4_8K;
            case 6 -> DVI4_16K;
            case 7 -> LPC;
            case 8 -> PCMA;
            case 9 -> G722;
            case 10 -> L16_STEREO;
            case 11 -> L16_MONO;
            case 12 -> QCELP;
            case 13 -> CN;
            case 14 -> MPA;
            case 15 -> G728;
            case 16 -> DVI4_11K;
            case 17 -> DVI4_22K;
            case 18 -> G729;
            default -> null;
        };
    }
}
