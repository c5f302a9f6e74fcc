package io.sipgw.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.Future;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.transport.TransportKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Closes a TCP or TLS connection whose peer began a SIP message and did not finish it within the message read
 * timeout, so that a peer trickling one byte a second cannot hold a connection and a decoder buffer forever.
 *
 * <p>It has two handlers around the stream decoder: {@link #bytes()} before it sees the bytes, {@link #messages()}
 * after it sees each framed message. A message is in progress from its first byte other than CR or LF (the
 * decoder skips those between messages, RFC 5626 keep-alives included) until the decoder hands it on; the
 * framed message's length says where the next one starts. One timer per connection is rescheduled lazily to
 * the current deadline, so a busy connection costs no allocation per message.
 */
final class SlowSenderGuard {

    /** The reason given to {@link SipTrafficListener#connectionTimedOut}. */
    static final String REASON = "slow sender";

    private static final Logger log = LoggerFactory.getLogger(SlowSenderGuard.class);

    private final long timeoutNanos;
    private final TransportKind transport;
    private final SipTrafficListener listener;
    private final Runnable check = this::check;
    private final Bytes bytes = new Bytes();
    private final Messages messages = new Messages();

    private ChannelHandlerContext ctx;
    /** Bytes received on the stream so far: the stream offsets below count from the first byte. */
    private long received;
    private boolean inMessage;
    /** Stream offset of the first byte of the message in progress. */
    private long messageStart;
    private long deadline;
    private Future<?> timer;
    /** The buffer being handed to the decoder, kept readable while it runs; null outside that. */
    private ByteBuf current;
    private long currentStart;
    private int currentReader;
    private int currentWriter;
    /** After a framing error the decoder discards the rest of the stream and the connection is closing. */
    private boolean stopped;

    SlowSenderGuard(long timeoutMillis, TransportKind transport, SipTrafficListener listener) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.transport = transport;
        this.listener = listener;
    }

    /** The handler to put before the decoder. */
    ChannelHandler bytes() {
        return bytes;
    }

    /** The handler to put right after the decoder. */
    ChannelHandler messages() {
        return messages;
    }

    /** Whether a message has begun and not yet been framed, for tests. */
    boolean messageInProgress() {
        return inMessage;
    }

    private void received(ChannelHandlerContext ctx, ByteBuf buf) {
        long start = received;
        received += buf.readableBytes();
        if (!inMessage && !stopped) {
            int first = buf.forEachByte(ByteProcessor.FIND_NON_CRLF);
            if (first >= 0) {
                begin(start + (first - buf.readerIndex()));
            }
        }
        // The decoder may release the buffer or move its reader index; a message it frames now may be followed
        // by the start of the next one in this same buffer, which frameEnded looks for by absolute index.
        current = buf.retain();
        currentStart = start;
        currentReader = buf.readerIndex();
        currentWriter = buf.writerIndex();
        try {
            ctx.fireChannelRead(buf);
        } finally {
            current = null;
            buf.release();
        }
    }

    private void decoded(Object msg) {
        if (msg instanceof SipMessage) {
            frameEnded(((SipMessage) msg).content().readableBytes());
        } else if (msg instanceof SipDecodeError) {
            SipDecodeError error = (SipDecodeError) msg;
            if (error.closeConnection()) {
                stopped = true;
                inMessage = false;
            } else if (error.request() != null) {
                frameEnded(error.request().content().readableBytes());
            } else {
                // A framed but unreadable message of unknown length: the next bytes that arrive start the clock
                // again, which lets a peer gain at most the time until its next segment.
                inMessage = false;
            }
        }
    }

    /** A message of {@code length} bytes starting at {@link #messageStart} was framed; is another one begun? */
    private void frameEnded(int length) {
        if (!inMessage) {
            return;
        }
        inMessage = false;
        ByteBuf buf = current;
        if (buf == null) {
            return;
        }
        long offset = messageStart + length - currentStart;
        if (offset < 0 || offset > currentWriter - currentReader) {
            return;
        }
        int from = currentReader + (int) offset;
        int next = buf.forEachByte(from, currentWriter - from, ByteProcessor.FIND_NON_CRLF);
        if (next >= 0) {
            begin(currentStart + (next - currentReader));
        }
    }

    private void begin(long start) {
        inMessage = true;
        messageStart = start;
        deadline = System.nanoTime() + timeoutNanos;
        if (timer == null && ctx != null) {
            timer = ctx.executor().schedule(check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (!inMessage || stopped || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(check, left, TimeUnit.NANOSECONDS);
            return;
        }
        SocketAddress address = ctx.channel().remoteAddress();
        InetSocketAddress remote = address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
        log.debug("{} connection from {} closed: a message took longer than {} ms to arrive", transport, address,
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        try {
            listener.connectionTimedOut(transport, remote, REASON);
        } catch (RuntimeException e) {
            log.warn("traffic listener failed on a slow sender", e);
        }
        stopped = true;
        ctx.close();
    }

    private void cancel() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            SlowSenderGuard.this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                received(ctx, (ByteBuf) msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }
    }

    private final class Messages extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            decoded(msg);
            ctx.fireChannelRead(msg);
        }
    }
}
