package io.sipgw.pipeline;

import io.netty.channel.EventLoop;
import io.sipgw.call.CallTransport;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipUri;
import io.sipgw.transaction.TransactionTransport;
import io.sipgw.transport.NextHop;
import io.sipgw.transport.OutboundConnections;
import io.sipgw.transport.ResolvedTarget;
import io.sipgw.transport.SipResolver;
import io.sipgw.transport.TransportKind;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reaches the callee side of the calls of one event loop: each request is resolved by RFC 3263
 * ({@link SipResolver}, cached) and sent over {@link OutboundConnections} on the URI's {@code transport} parameter,
 * else the configured transport; failures are reported on that loop.
 *
 * <p>A domain may have an outbound proxy ({@link #ResolvingCallTransport(SipResolver, OutboundConnections,
 * TransportKind, EventLoop, Map)}): its requests go to the proxy's address instead, while TLS still checks the
 * certificate against the domain of the URI (RFC 5922 section 7.2), e.g. {@code wa.meta.vc} reached through a
 * fixed address.
 */
public final class ResolvingCallTransport implements CallTransport {

    private final SipResolver resolver;
    private final OutboundConnections outbound;
    private final TransportKind transport;
    private final EventLoop owner;
    private final Map<String, NextHop> proxies;

    /**
     * @param transport the transport towards a URI without a {@code transport} parameter (TWILIO_TRANSPORT), unless
     *                  a {@code sips} URI asks TLS
     * @param owner     the event loop of the calls that use this transport
     */
    public ResolvingCallTransport(SipResolver resolver, OutboundConnections outbound, TransportKind transport,
                                  EventLoop owner) {
        this(resolver, outbound, transport, owner, Map.of());
    }

    /**
     * @param proxies the next hop of the requests to each domain (lower case) that has an outbound proxy
     */
    public ResolvingCallTransport(SipResolver resolver, OutboundConnections outbound, TransportKind transport,
                                  EventLoop owner, Map<String, NextHop> proxies) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.proxies = Map.copyOf(proxies);
    }

    @Override
    public TransactionTransport towards(SipUri target) {
        String param = target.param("transport");
        // RFC 3263 section 4.1: the transport parameter, when it names a transport we have, decides.
        TransportKind kind = param == null ? transport : TransportKind.fromToken(param).orElse(transport);
        NextHop hop = new NextHop(target.hostAddress(), target.port() > 0 ? target.port() : NextHop.NO_PORT,
                kind, target.isSecure());
        NextHop proxy = proxies.get(hop.host());
        return proxy == null ? new Towards(hop, null) : new Towards(proxy, hop.host());
    }

    /** The transport to one next hop. */
    private final class Towards implements TransactionTransport {

        private final NextHop hop;
        /** The name TLS checks the certificate against, when it is not the hop's own host (an outbound proxy). */
        private final String serverName;

        Towards(NextHop hop, String serverName) {
            this.hop = hop;
            this.serverName = serverName;
        }

        @Override
        public void send(SipMessage message, Consumer<Throwable> onFailure) {
            resolver.resolve(hop).addListener(resolved -> {
                if (!resolved.isSuccess()) {
                    message.release();
                    report(onFailure, resolved.cause());
                    return;
                }
                @SuppressWarnings("unchecked")
                List<ResolvedTarget> targets = (List<ResolvedTarget>) resolved.getNow();
                // OutboundConnections keeps its own reference for as long as the write needs it.
                ResolvedTarget target = targets.get(0);
                if (serverName != null) {
                    target = new ResolvedTarget(target.transport(), target.address(), serverName);
                }
                try {
                    outbound.send(target, message).addListener(sent -> {
                        if (!sent.isSuccess()) {
                            report(onFailure, sent.cause());
                        }
                    });
                } finally {
                    message.release();
                }
            });
        }

        @Override
        public boolean reliable() {
            return hop.transport() != TransportKind.UDP;
        }

        /** RFC 3261 17.1.4: a transport error, told to the transaction on its own loop. */
        private void report(Consumer<Throwable> onFailure, Throwable cause) {
            if (owner.inEventLoop()) {
                onFailure.accept(cause);
            } else {
                owner.execute(() -> onFailure.accept(cause));
            }
        }
    }
}
