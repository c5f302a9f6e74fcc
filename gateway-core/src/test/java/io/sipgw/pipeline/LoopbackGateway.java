package io.sipgw.pipeline;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.sipgw.transport.EventLoops;

import java.net.InetSocketAddress;

/** The gateway's pipeline on UDP, TCP and (given a context) TLS listeners on 127.0.0.1, ephemeral ports. */
final class LoopbackGateway implements AutoCloseable {

    private final EventLoops loops = new EventLoops(1, true, "loopback-gateway");
    private final Channel udp;
    private final Channel tcp;
    private final Channel tls;

    LoopbackGateway(PipelineSettings settings, SslContext tlsContext) throws InterruptedException {
        try {
            udp = loops.datagramBootstrap().handler(GatewayChannelInitializer.udp(settings))
                    .bind("127.0.0.1", 0).sync().channel();
            tcp = loops.serverBootstrap().childHandler(GatewayChannelInitializer.tcp(settings))
                    .bind("127.0.0.1", 0).sync().channel();
            tls = tlsContext == null ? null
                    : loops.serverBootstrap().childHandler(GatewayChannelInitializer.tls(tlsContext, settings))
                            .bind("127.0.0.1", 0).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    int udpPort() {
        return port(udp);
    }

    int tcpPort() {
        return port(tcp);
    }

    int tlsPort() {
        return port(tls);
    }

    private static int port(Channel ch) {
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    @Override
    public void close() {
        loops.close();
    }
}
