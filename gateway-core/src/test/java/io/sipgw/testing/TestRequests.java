package io.sipgw.testing;

import static io.sipgw.testing.SipTestMessages.crlf;

/** Requests as text, shaped like the keep-alives and calls of Meta and Twilio, for socket tests. */
public final class TestRequests {

    private TestRequests() {
    }

    /** A request without body from {@code via}; {@code toTag} {@code null} makes it out of dialog. */
    public static String request(String method, String via, String callId, String toTag) {
        return crlf(method + " sip:gw.example.com SIP/2.0\n"
                + "Via: " + via + "\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:probe@example.com>;tag=f-" + callId + "\n"
                + "To: <sip:gw.example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: 1 " + method + "\n"
                + "Content-Length: 0\n"
                + "\n");
    }

    /** An out-of-dialog OPTIONS, the keep-alive of Meta, Twilio and SIP load balancers. */
    public static String options(String via, String callId) {
        return request("OPTIONS", via, callId, null);
    }

    /** A Via value {@code SIP/2.0/<transport> <sentBy>;branch=z9hG4bK-<callId><params>}. */
    public static String via(String transport, String sentBy, String callId, String params) {
        return "SIP/2.0/" + transport + " " + sentBy + ";branch=z9hG4bK-" + callId + params;
    }
}
