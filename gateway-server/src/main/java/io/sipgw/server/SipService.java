package io.sipgw.server;

import java.io.IOException;
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

    /** SIP transactions in progress now, for the metrics. */
    default int activeTransactions() {
        return 0;
    }

    /** Closes listeners and connections and releases threads; calls still in progress are cut. */
    void stop();
}
