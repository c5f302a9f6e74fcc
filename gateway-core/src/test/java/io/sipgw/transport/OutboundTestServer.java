package io.sipgw.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipMessageDecoder;
import io.sipgw.sip.codec.SipMessageEncoder;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A SIP server on 127.0.0.1 with an ephemeral port, over TCP or TLS, that records the connections it accepts, the
 * messages it reads (then releases them) and what it saw of each TLS handshake. Its TLS context would select ALPN
 * "sip" if a client offered it, so that a client offering none is visible.
 */
final class OutboundTestServer implements AutoCloseable {

    /** One message as read: the connection, its start line and Call-ID. */
    record Received(Channel channel, String startLine, String callId) {
    }

    /** What the server saw of one successful handshake (copied at once: OpenSSL forgets SNI after close). */
    record Handshake(List<SNIServerName> serverNames, String applicationProtocol) {
    }

    private final EventLoops loops = new EventLoops(1, false, "outbound-test-server");
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final Channel server;

    private OutboundTestServer(SslContext tls) throws InterruptedException {
        server = loops.serverBootstrap()
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new SipMessageDecoder(SipCodecLimits.DEFAULT), new SipMessageEncoder(),
                                new Recorder());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** A plain TCP server. */
    static OutboundTestServer tcp() throws InterruptedException {
        return new OutboundTestServer(null);
    }

    /** A TLS server with the test certificate for localhost and 127.0.0.1, on {@code provider}. */
    static OutboundTestServer tls(TestCertificates certs, SslProvider provider)
            throws InterruptedException, SSLException {
        SslContext context = SslContextBuilder.forServer(PemFiles.readPrivateKey(certs.pkcs8Key(), "key"),
                        PemFiles.readCertificates(certs.certificateChain(), "chain"))
                .sslProvider(provider)
                .protocols(TlsContexts.PROTOCOLS)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "sip"))
                .build();
        return new OutboundTestServer(context);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** The number of connections accepted so far. */
    int acceptedCount() {
        return accepted.size();
    }

    /** The next message read, waiting up to 5 s. */
    Received nextReceived() throws InterruptedException {
        Received next = received.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the server read no message in 5 s");
        }
        return next;
    }

    /** The next successful handshake, waiting up to 5 s. */
    Handshake nextHandshake() throws InterruptedException {
        Handshake next = handshakes.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the server completed no handshake in 5 s");
        }
        return next;
    }

    /**
     * Closes the listener and every accepted connection before stopping the loop: a loop that shuts down does not
     * always close its channels first, and a decoder left with bytes would then leak them.
     */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        EventLoop loop = server.eventLoop();
        loop.submit(() -> accepted.forEach(Channel::close)).syncUninterruptibly();
        // Runs after the inactive and deregister events that the closes scheduled.
        loop.submit(() -> { }).syncUninterruptibly();
        loops.close();
    }

    /** Records and releases what the decoder emits, and the server's side of TLS handshakes. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof SipMessage message) {
                    received.add(new Received(ctx.channel(), message.startLine(), message.callId()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                handshakes.add(new Handshake(
                        ((ExtendedSSLSession) tls.engine().getSession()).getRequestedServerNames(),
                        tls.applicationProtocol()));
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // e.g. a handshake the client gave up; the client side reports it
        }
    }
}
