package io.sipgw.server;

import io.sipgw.server.admin.AdminServer;
import io.sipgw.server.config.GatewayConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running gateway: the admin HTTP server and the {@link SipService}, started, drained and stopped in order. */
public final class GatewayServer {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final Duration drainTimeout;
    private final Readiness readiness;
    private final SipService sip;
    private final AdminServer admin;

    public GatewayServer(GatewayConfig config, GatewayMetrics metrics, Readiness readiness, SipService sip) {
        this.drainTimeout = config.drainTimeout();
        this.readiness = readiness;
        this.sip = sip;
        InetSocketAddress adminAddress = config.bindAddress()
                .map(address -> new InetSocketAddress(address, config.adminPort()))
                .orElseGet(() -> new InetSocketAddress(config.adminPort()));
        this.admin = new AdminServer(adminAddress, readiness, metrics);
        metrics.callsActive(sip::activeCalls);
        metrics.transactionsActive(sip::activeTransactions);
    }

    /**
     * Starts the admin server first (so /healthz answers while SIP binds), then the SIP listeners, then reports
     * ready. On failure everything started is stopped again.
     *
     * @return the admin server's bound address
     * @throws IOException when a port cannot be bound
     */
    public InetSocketAddress start() throws IOException {
        InetSocketAddress adminAddress = admin.start();
        try {
            sip.start();
        } catch (IOException | RuntimeException e) {
            admin.close();
            throw e;
        }
        readiness.markListenersBound();
        return adminAddress;
    }

    /** The admin server's bound address, or null before {@link #start()}. */
    public InetSocketAddress adminAddress() {
        return admin.localAddress();
    }

    /**
     * Turns readiness to 503 at once, refuses new calls and waits for calls in progress to end, at most
     * {@code DRAIN_TIMEOUT}.
     *
     * @return whether every call ended within the timeout
     */
    public boolean drain() {
        readiness.markDraining();
        LOG.info("draining: /readyz answers 503 and new calls are refused; waiting up to {} ms for {} calls",
                drainTimeout.toMillis(), sip.activeCalls());
        try {
            sip.drain().toCompletableFuture().get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("drained: no calls in progress");
            return true;
        } catch (TimeoutException e) {
            LOG.warn("DRAIN_TIMEOUT ({} ms) passed with {} calls in progress; they are cut now",
                    drainTimeout.toMillis(), sip.activeCalls());
        } catch (ExecutionException e) {
            LOG.warn("draining failed; stopping anyway", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("draining interrupted; stopping now");
        }
        return false;
    }

    /** Stops the SIP side, then the admin server; safe to call twice. */
    public void stop() {
        readiness.markDraining();
        try {
            sip.stop();
        } finally {
            admin.close();
        }
    }
}
