package io.sipgw.call;

/** Which way a call crosses the gateway; decides how we present ourselves on each leg and what the callee gets. */
public enum Direction {

    /** A WhatsApp user calls the business: Meta is the caller, Twilio the callee. */
    USER_INITIATED,

    /** The business calls a WhatsApp user through Twilio ({@code <Dial><Sip>}): Twilio is the caller, Meta the callee. */
    BUSINESS_INITIATED
}
