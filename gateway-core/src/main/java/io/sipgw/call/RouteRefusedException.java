package io.sipgw.call;

/** An admitted INVITE that cannot be bridged: the status and reason phrase to answer, and what to log. */
public final class RouteRefusedException extends Exception {

    private final int status;
    private final String reasonPhrase;

    /**
     * @param reasonPhrase the reason phrase of the response, or {@code null} for the standard one
     * @param message      what the operator log says
     */
    public RouteRefusedException(int status, String reasonPhrase, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reasonPhrase = reasonPhrase;
    }

    public int status() {
        return status;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }
}
