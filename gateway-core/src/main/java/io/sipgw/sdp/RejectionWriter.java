package io.sipgw.sdp;

/** Turns a {@link Refusal} into the status, Warning header and operator log line of a rejection. */
final class RejectionWriter {

    private static final int MAX_DETAIL = 240;

    private final String warningHost;

    RejectionWriter(String warningHost) {
        this.warningHost = warningHost;
    }

    PolicyResult.Rejected reject(Refusal refusal) {
        RejectionCause cause = refusal.cause();
        // RFC 3261 §20.43: warn-code 399 is "miscellaneous warning"; the text is a quoted-string, and ours holds
        // no '"' or '\' because it is built from constants only.
        String warning = "399 " + warningHost + " \"" + cause.summary() + "; " + cause.fix() + '"';
        String log = "SDP refused with " + cause.status() + ' ' + cause.reasonPhrase() + ": " + cause.summary()
                + " (" + printable(refusal.detail()) + "). Fix: " + cause.fix() + '.';
        return new PolicyResult.Rejected(cause, cause.status(), cause.reasonPhrase(), warning, log);
    }

    /** Peer-chosen text, bounded and with control characters replaced, so it cannot forge or flood log lines. */
    private static String printable(String detail) {
        int n = Math.min(detail.length(), MAX_DETAIL);
        StringBuilder out = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = detail.charAt(i);
            out.append(c < ' ' || (c >= 127 && c < 160) ? '?' : c);
        }
        return detail.length() > MAX_DETAIL ? out.append("...").toString() : out.toString();
    }
}
