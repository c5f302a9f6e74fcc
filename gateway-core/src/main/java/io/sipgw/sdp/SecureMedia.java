package io.sipgw.sdp;

/**
 * Which RTP profile the party receiving our offers accepts: Twilio's per-domain Secure Media switch
 * ({@link #REQUIRED} when on, {@link #OFF} when off), or {@link #ANY} to pass both.
 */
public enum SecureMedia {
    /** RTP/AVP and RTP/SAVP both pass. */
    ANY,
    /** Only SDES-SRTP (RTP/SAVP with a=crypto, RFC 4568) passes: Twilio with Secure Media on, or Meta. */
    REQUIRED,
    /** Only plain RTP/AVP passes: Twilio with Secure Media off. */
    OFF
}
