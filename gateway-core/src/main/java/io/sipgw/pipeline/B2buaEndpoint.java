package io.sipgw.pipeline;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.sipgw.call.B2bua;
import io.sipgw.call.CallEvents;
import io.sipgw.call.CallIds;
import io.sipgw.call.CallSettings;
import io.sipgw.call.CallTransport;
import io.sipgw.call.RoutingPolicy;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transaction.EventLoopTimerService;
import io.sipgw.transaction.TransactionTable;
import io.sipgw.transaction.TransactionTimers;
import io.sipgw.transport.Flow;
import io.sipgw.transport.OutboundListener;
import io.sipgw.transport.TransportKind;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The {@link SipEndpoint} of the B2BUA: one {@link B2bua} per event loop, each message handed to the loop that owns
 * its Call-ID ({@link CallIds#shardOf}), so every call lives on one loop without locks (DESIGN: threading).
 */
public final class B2buaEndpoint implements SipEndpoint {

    private final List<EventLoop> loops = new ArrayList<>();
    private final List<B2bua> shards = new ArrayList<>();

    /**
     * @param group      the event loops of the gateway's channels
     * @param transports the callee-side transport of the calls of each loop (e.g. {@link ResolvingCallTransport})
     */
    public B2buaEndpoint(EventLoopGroup group, CallSettings settings, RoutingPolicy routing, TransactionTimers timers,
                         CallEvents events, Function<EventLoop, CallTransport> transports) {
        int count = 0;
        for (EventExecutor ignored : group) {
            count++;
        }
        CallSettings loopSettings = settings.perLoop(count);
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            EventLoopTimerService timerService = new EventLoopTimerService(loop);
            TransactionTable table = new TransactionTable(timers, timerService, ByteBufAllocator.DEFAULT);
            shards.add(new B2bua(shards.size(), loopSettings, routing, transports.apply(loop),
                    table, timerService, events, ByteBufAllocator.DEFAULT));
            loops.add(loop);
        }
    }

    @Override
    public void onRequest(SipRequest request, Flow flow) {
        onLoop(request, (b2bua, loop) -> b2bua.onRequest(request, flow.remote().getAddress(),
                new FlowTransport(Replies.responseFlow(request, flow), loop)));
    }

    @Override
    public void onResponse(SipResponse response, Flow flow) {
        onLoop(response, (b2bua, loop) -> b2bua.onResponse(response));
    }

    /**
     * What arrives on the outbound connections (TCP, TLS) the gateway opened towards either side: responses and
     * in-dialog requests, handled as if they came in on a listener (RFC 5923 connection reuse).
     */
    public OutboundListener outboundListener() {
        return (message, channel, sender) -> {
            try {
                if (message instanceof SipMessage sip) {
                    TransportKind transport = channel.pipeline().get(SslHandler.class) != null ? TransportKind.TLS
                            : channel instanceof DatagramChannel ? TransportKind.UDP : TransportKind.TCP;
                    Flow flow = new Flow(transport, (InetSocketAddress) channel.localAddress(), sender, channel);
                    if (sip instanceof SipRequest request) {
                        onRequest(request, flow);
                    } else {
                        onResponse((SipResponse) sip, flow);
                    }
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        };
    }

    private void onLoop(SipMessage message, BiConsumer<B2bua, EventLoop> task) {
        String callId = message.callId();
        if (callId == null) {
            return;
        }
        int shard = CallIds.shardOf(callId, shards.size());
        EventLoop loop = loops.get(shard);
        B2bua b2bua = shards.get(shard);
        if (loop.inEventLoop()) {
            task.accept(b2bua, loop);
            return;
        }
        // The pipeline releases the message after this call: the owning loop gets a reference of its own.
        message.retain();
        loop.execute(() -> {
            try {
                task.accept(b2bua, loop);
            } finally {
                message.release();
            }
        });
    }

    /**
     * Forgets every call and transaction, releasing what they hold, before the event loops stop (shutdown); what the
     * peers were not told, they learn from their own timers.
     */
    public void close() {
        for (int i = 0; i < shards.size(); i++) {
            B2bua b2bua = shards.get(i);
            Runnable abandon = () -> b2bua.transactions().abandonAll();
            if (loops.get(i).inEventLoop()) {
                abandon.run();
            } else if (!loops.get(i).isShuttingDown()) {
                loops.get(i).submit(abandon).syncUninterruptibly();
            }
        }
    }

    /** The live calls over all loops (asks each loop; for tests and metrics, not for the call path). */
    public int callCount() {
        return sum(b -> b.calls().size());
    }

    /** The live transactions over all loops. */
    public int transactionCount() {
        return sum(b -> b.transactions().size());
    }

    private int sum(ToIntFunction<B2bua> count) {
        int total = 0;
        for (int i = 0; i < shards.size(); i++) {
            B2bua b2bua = shards.get(i);
            if (loops.get(i).inEventLoop()) {
                total += count.applyAsInt(b2bua);
                continue;
            }
            try {
                // Bounded: a scrape or a drain log line must not hang on a busy or stopped loop.
                total += loops.get(i).submit(() -> count.applyAsInt(b2bua)).get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException | RejectedExecutionException e) {
                // The loop is busy or shutting down: its share is left out of this reading.
            }
        }
        return total;
    }
}
