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
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reaches the callee side of the calls of one event loop: each request is resolved by RFC 3263
 * ({@link SipResolver}, cached) and sent over {@link OutboundConnections} on the configured transport; failures are
 * reported on that loop.
 */
public final class ResolvingCallTransport implements CallTransport {

    private final SipResolver resolver;
    private final OutboundConnections outbound;
    private final TransportKind transport;
    private final EventLoop owner;

    /**
     * @param transport the transport towards the callee side (TWILIO_TRANSPORT), unless a {@code sips} URI asks TLS
     * @param owner     the event loop of the calls that use this transport
     */
    public ResolvingCallTransport(SipResolver resolver, OutboundConnections outbound, TransportKind transport,
                                  EventLoop owner) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    @Override
    public TransactionTransport towards(SipUri target) {
        NextHop hop = new NextHop(target.hostAddress(), target.port() > 0 ? target.port() : NextHop.NO_PORT,
                transport, target.isSecure());
        return new Towards(hop);
    }

    /** The transport to one next hop. */
    private final class Towards implements TransactionTransport {

        private final NextHop hop;

        Towards(NextHop hop) {
            this.hop = hop;
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
                try {
                    outbound.send(targets.get(0), message).addListener(sent -> {
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
