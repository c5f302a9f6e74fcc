package io.sipgw.pipeline;

import io.netty.channel.EventLoop;
import io.sipgw.sip.SipMessage;
import io.sipgw.transaction.TransactionTransport;
import io.sipgw.transport.Flow;
import io.sipgw.transport.TransportKind;

import java.util.function.Consumer;

/** A {@link TransactionTransport} over a {@link Flow}, reporting failures on the loop that owns the transaction. */
final class FlowTransport implements TransactionTransport {

    private final Flow flow;
    private final EventLoop owner;

    FlowTransport(Flow flow, EventLoop owner) {
        this.flow = flow;
        this.owner = owner;
    }

    @Override
    public void send(SipMessage message, Consumer<Throwable> onFailure) {
        flow.send(message).addListener(f -> {
            if (!f.isSuccess()) {
                // RFC 3261 17.1.4 and 17.2.4: the transaction hears about it, on its own loop.
                if (owner.inEventLoop()) {
                    onFailure.accept(f.cause());
                } else {
                    owner.execute(() -> onFailure.accept(f.cause()));
                }
            }
        });
    }

    @Override
    public boolean reliable() {
        return flow.transport() != TransportKind.UDP;
    }
}
