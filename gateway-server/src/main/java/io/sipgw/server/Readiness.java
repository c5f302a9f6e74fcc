package io.sipgw.server;

/**
 * Whether this instance should receive new traffic: ready once the SIP listeners are bound, and not ready
 * again from the moment draining starts (a load balancer then stops sending new calls here).
 */
public final class Readiness {

    // Written by the start-up and shutdown threads, read by the admin event loop.
    private volatile boolean listenersBound;
    private volatile boolean draining;

    /** Called once every SIP listener is bound. */
    public void markListenersBound() {
        listenersBound = true;
    }

    /** Called when shutdown begins; readiness never comes back. */
    public void markDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    public boolean isReady() {
        return listenersBound && !draining;
    }

    /** A short reason for the /readyz body. */
    public String describe() {
        if (draining) {
            return "draining";
        }
        return listenersBound ? "ready" : "starting";
    }
}
