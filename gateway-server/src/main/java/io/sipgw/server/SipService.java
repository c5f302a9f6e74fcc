package io.sipgw.server;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The SIP side of the process (listeners, transactions, calls), which {@link GatewayServer} starts and stops. */
public interface SipService {

    /** Binds every SIP listener and returns once they all accept traffic. */
    void start() throws IOException;

    /**
     * Stops taking new calls (a new INVITE is answered 503 with Retry-After) while calls in progress continue;
     * the stage completes when the last of them has ended.
     */
    CompletionStage<Void> drain();

    /** Calls in progress now, for log lines about draining. */
    int activeCalls();

    /** Closes listeners and connections and releases threads; calls still in progress are cut. */
    void stop();

    /** No SIP at all: the process serves only its admin endpoints, as before the listeners are wired in. */
    static SipService none() {
        return new SipService() {
            @Override
            public void start() {
                // Nothing to bind.
            }

            @Override
            public CompletionStage<Void> drain() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public int activeCalls() {
                return 0;
            }

            @Override
            public void stop() {
                // Nothing to release.
            }
        };
    }
}
